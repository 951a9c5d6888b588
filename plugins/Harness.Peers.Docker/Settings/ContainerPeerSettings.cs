namespace Harness.Peers.Docker.Settings;

/// <summary>What a scenario asks of one container peer, parsed and checked.</summary>
/// <param name="Image">The image to run, when the peer names one.</param>
/// <param name="BuildFolder">A folder with a Dockerfile to build and run instead, as a full path.</param>
/// <param name="Command">The command replacing the image's CMD, or null to keep it.</param>
/// <param name="Environment">Variables added to the container's environment.</param>
/// <param name="Ports">The container ports the peer listens on, published on loopback.</param>
/// <param name="Publish">Where the ports are published on the host.</param>
/// <param name="Network">The scenario's name for a network shared with other peers of the run, if any.</param>
/// <param name="Wait">When the peer counts as ready.</param>
internal sealed record ContainerPeerSettings(
    string? Image,
    string? BuildFolder,
    IReadOnlyList<string>? Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<ContainerPort> Ports,
    PublishMode Publish,
    string? Network,
    WaitSettings Wait);

/// <summary>Where published ports appear on the host.</summary>
internal enum PublishMode
{
    /// <summary>127.0.0.1 at free ports the engine chooses: <c>${peers.NAME.ports.80}</c>.</summary>
    Loopback,

    /// <summary>A loopback address of the peer's own (127.0.0.N) at the container's own port numbers.</summary>
    OwnAddress,
}
