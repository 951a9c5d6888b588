namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The body of every engine error: <c>{"message": "..."}</c>.</summary>
internal sealed record ErrorResponse(string? Message);
