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

    /// <summary>The smallest <c>maxReceive</c>: one receive's worth, below which ordinary replies would not fit.</summary>
    public const int MinReceiveBytes = 1024;

    /// <summary>The largest <c>maxReceive</c>, 1 GiB: one array holds the bytes, and past this a flood is the likelier story.</summary>
    public const int MaxReceiveLimit = 1 << 30;

    /// <summary>
    /// How many bytes an expectation may buffer without deciding (<c>defaults.maxReceive</c> in harness.yaml, 64 MiB
    /// by default), so a flood cannot exhaust memory: the expectation fails there, naming the limit.
    /// </summary>
    public int MaxReceiveBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The limit as failures name it, with where to raise it.</summary>
    internal static string DescribeReceiveLimit(int limit) =>
        $"the received-data limit of {Loading.Sizes.Format(limit)} (defaults.maxReceive in harness.yaml)";

    /// <summary>
    /// Whether to record every client's whole conversation (<see cref="ScenarioResult.Conversation"/>), and within which
    /// bounds: set by reporters that draw or replay it (HTML, pcap); null, the default, records only the failure story's tail.
    /// </summary>
    public RecordingLimits? Recording { get; init; }

    /// <summary>Variables from harness.yaml and the command line.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Names this run's peers (container labels and the like).</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("n")[..12];
}
