namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The part of <c>GET /images/{name}/json</c> the harness reads.</summary>
internal sealed record ImageInspectResponse(string Id, IReadOnlyList<string>? RepoTags);
