namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The part of <c>GET /version</c> that version negotiation needs.</summary>
internal sealed record VersionResponse(string? Version, string? ApiVersion, string? MinAPIVersion, string? Os, string? Arch);
