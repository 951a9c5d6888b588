namespace Harness.Engine.Running.Load;

/// <summary>
/// How <c>harness load</c> drives a scenario: <see cref="Clients"/> concurrent clients, each running the
/// scenario's steps again and again until <see cref="Duration"/> has passed or <see cref="Iterations"/>
/// iterations (in all) have started, whichever comes first.
/// </summary>
public sealed record LoadPlan(int Clients, TimeSpan? Duration, long? Iterations)
{
    /// <summary>How often the progress callback is told the counts so far.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>The counts so far, for a live progress line.</summary>
public readonly record struct LoadProgress(TimeSpan Elapsed, long Iterations, long FailedIterations);
