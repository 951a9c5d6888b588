using System.Globalization;
using Harness.Engine.Loading;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>A line per scenario as it finishes, the failure story under each failure, and a summary.</summary>
public sealed class ConsoleReporter(TextWriter output) : IReporter
{
    private readonly Lock _gate = new();

    public void RunStarted(int scenarioCount)
    {
    }

    public void ScenarioFinished(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var label = result.Outcome switch
            {
                Outcome.Passed => "PASS ",
                Outcome.Failed => "FAIL ",
                _ => "ERROR",
            };
            output.WriteLine($"{label} {result.Scenario.Name} ({result.Scenario.FilePath}) {Durations.Format(result.Duration)}");
            if (result.Failure is { } failure)
            {
                foreach (var line in FailureStory.Lines(result, failure))
                {
                    output.WriteLine("      " + line);
                }
            }

            output.Flush();
        }
    }

    public void RunFinished(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        lock (_gate)
        {
            output.WriteLine();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{summary.Passed} passed, {summary.Failed} failed, {summary.Errored} errored, {summary.Skipped} skipped, {summary.Total} total ({Durations.Format(summary.Duration)})"));
            output.Flush();
        }
    }
}
