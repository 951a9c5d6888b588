namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The part of <c>GET /containers/{id}/json</c> the harness reads.</summary>
internal sealed record ContainerInspectResponse(string Id, string? Name, ContainerState? State, NetworkSettings? NetworkSettings);

/// <summary>Whether the container runs, and how it ended if not.</summary>
internal sealed record ContainerState(string? Status, bool Running, int ExitCode, string? Error);

/// <summary>Where the container's ports were published: "80/tcp" to its host bindings (null when unpublished).</summary>
internal sealed record NetworkSettings(IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports);
