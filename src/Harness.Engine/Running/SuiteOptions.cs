namespace Harness.Engine.Running;

/// <summary>How a suite runs: which scenarios, how many at once, and when to stop.</summary>
public sealed record SuiteOptions
{
    public ScenarioFilter Filter { get; init; } = ScenarioFilter.All;

    /// <summary>This machine's slice of the suite, or null for all of it.</summary>
    public Shard? Shard { get; init; }

    /// <summary>How many scenarios may run at once; the default is the number of cores.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Start no new scenario after the first that does not pass; the rest count as skipped.</summary>
    public bool FailFast { get; init; }
}
