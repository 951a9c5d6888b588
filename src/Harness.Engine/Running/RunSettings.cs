namespace Harness.Engine.Running;

/// <summary>Defaults for every wait, from harness.yaml; a step or scenario may set its own.</summary>
public sealed record RunSettings
{
    /// <summary>How long an <c>expect</c> waits when the step names no timeout.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan PeerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PeerStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a whole scenario may take when it names no timeout.</summary>
    public TimeSpan ScenarioTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many bytes an expectation may buffer without deciding, so a flood cannot exhaust memory.</summary>
    public int MaxReceiveBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Variables from harness.yaml and the command line.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Names this run's peers (container labels and the like).</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("n")[..12];
}
