using Harness.Engine.Model;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// A sink for results: the console, a JUnit file, a JSON file. The suite runner calls a reporter from one
/// thread at a time (through <see cref="SafeReporter"/>), so a reporter needs no locking of its own; one
/// failing reporter never silences the others.
/// </summary>
public interface IReporter
{
    void RunStarted(RunPlan plan);

    void ScenarioStarted(Scenario scenario);

    /// <summary>Called once for every scenario of the plan, including the skipped ones, in the order they end.</summary>
    void ScenarioFinished(ScenarioResult result);

    /// <summary>Called last, also when the run is interrupted: file reporters write their file here.</summary>
    void RunFinished(RunSummary summary);
}

/// <summary>What a run is about to do: the scenarios it will run, in a stable order, and how they were chosen.</summary>
/// <param name="Scenarios">The scenarios of this run (after filters and shard), in their stable order.</param>
/// <param name="Loaded">How many scenarios the files held.</param>
/// <param name="Matched">How many of them the filters let through (all when there is no filter).</param>
/// <param name="Shard">The slice of the matched scenarios this run takes, when sharded.</param>
/// <param name="Parallelism">How many scenarios may run at once.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
public sealed record RunPlan(
    IReadOnlyList<Scenario> Scenarios,
    int Loaded,
    int Matched,
    Shard? Shard,
    int Parallelism,
    DateTimeOffset StartedAt)
{
    /// <summary>
    /// Where each scenario stands in <see cref="Scenarios"/>, so that reports list results in plan order. By
    /// reference: two scenarios may be equal as values (the same name and steps twice in one file).
    /// </summary>
    public IReadOnlyDictionary<Scenario, int> Positions()
    {
        var positions = new Dictionary<Scenario, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Scenarios.Count; i++)
        {
            positions.TryAdd(Scenarios[i], i);
        }

        return positions;
    }

    /// <summary>"shard 2/3: 11 of 32 scenarios", or null when the run is not sharded.</summary>
    public string? ShardLine => Shard is { } shard ? $"shard {shard}: {Scenarios.Count} of {Matched} scenarios" : null;
}

/// <summary>Totals of a run.</summary>
public sealed record RunSummary(int Passed, int Failed, int Errored, int Skipped, TimeSpan Duration)
{
    public int Total => Passed + Failed + Errored + Skipped;

    /// <summary>Whether SIGINT or SIGTERM stopped the run before every scenario had run.</summary>
    public bool Interrupted { get; init; }

    public static RunSummary From(IReadOnlyCollection<ScenarioResult> results, TimeSpan duration, int skipped = 0) => new(
        results.Count(r => r.Outcome == Outcome.Passed),
        results.Count(r => r.Outcome == Outcome.Failed),
        results.Count(r => r.Outcome == Outcome.Errored),
        results.Count(r => r.Outcome == Outcome.Skipped) + skipped,
        duration);
}
