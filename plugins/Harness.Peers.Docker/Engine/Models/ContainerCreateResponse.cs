namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The answer to <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreateResponse(string Id, IReadOnlyList<string>? Warnings);
