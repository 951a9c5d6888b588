namespace Harness.Peers.Docker.Engine.Models;

/// <summary>One row of <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary(string Id, IReadOnlyList<string>? Names, string? State, IReadOnlyDictionary<string, string>? Labels);
