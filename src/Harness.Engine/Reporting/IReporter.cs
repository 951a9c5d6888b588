using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>A sink for results: the console, a JUnit file, a JSON file. One failing sink must not silence the others.</summary>
public interface IReporter
{
    void RunStarted(int scenarioCount);

    void ScenarioFinished(ScenarioResult result);

    void RunFinished(RunSummary summary);
}

/// <summary>Totals of a run.</summary>
public sealed record RunSummary(int Passed, int Failed, int Errored, int Skipped, TimeSpan Duration)
{
    public int Total => Passed + Failed + Errored + Skipped;

    public static RunSummary From(IReadOnlyCollection<ScenarioResult> results, TimeSpan duration, int skipped = 0) => new(
        results.Count(r => r.Outcome == Outcome.Passed),
        results.Count(r => r.Outcome == Outcome.Failed),
        results.Count(r => r.Outcome == Outcome.Errored),
        skipped,
        duration);
}
