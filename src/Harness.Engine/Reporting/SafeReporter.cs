using Harness.Engine.Model;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// Fans every event out to several reporters, one call at a time, and keeps going when one of them throws
/// (as Serilog's SafeAggregateSink does): a full disk under the JUnit file must not hide the console's story.
/// Each failing reporter is named once on <paramref name="error"/>.
/// </summary>
public sealed class SafeReporter(IReadOnlyList<IReporter> reporters, TextWriter error) : IReporter
{
    private readonly Lock _gate = new();
    private readonly HashSet<IReporter> _failed = [];

    /// <summary>Whether any reporter threw, so that the caller can make the exit code say a report is missing.</summary>
    public bool AnyFailed
    {
        get
        {
            lock (_gate)
            {
                return _failed.Count > 0;
            }
        }
    }

    public void RunStarted(RunPlan plan) => Each(r => r.RunStarted(plan));

    public void ScenarioStarted(Scenario scenario) => Each(r => r.ScenarioStarted(scenario));

    public void ScenarioFinished(ScenarioResult result) => Each(r => r.ScenarioFinished(result));

    public void RunFinished(RunSummary summary) => Each(r => r.RunFinished(summary));

    private void Each(Action<IReporter> call)
    {
        lock (_gate)
        {
            foreach (var reporter in reporters)
            {
                try
                {
                    call(reporter);
                }
#pragma warning disable CA1031 // Any failure of one reporter is reported and contained; the run and the other reporters go on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    if (_failed.Add(reporter))
                    {
                        error.WriteLine($"harness: the {Describe(reporter)} failed: {ex.Message}");
                        error.Flush();
                    }
                }
            }
        }
    }

    private static string Describe(IReporter reporter) => reporter is IFileReporter file
        ? $"{file.Format} report ({file.Path})"
        : reporter.GetType().Name.Replace("Reporter", string.Empty, StringComparison.Ordinal).ToLowerInvariant() + " reporter";
}

/// <summary>A reporter that writes a file, so that a failure can name it.</summary>
public interface IFileReporter : IReporter
{
    string Format { get; }

    string Path { get; }
}
