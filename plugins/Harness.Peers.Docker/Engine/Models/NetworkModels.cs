namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The body of <c>POST /networks/create</c>.</summary>
internal sealed record NetworkCreateRequest(string Name, string Driver, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Refuses a second network of the same name, which the engine otherwise allows.</summary>
    public bool CheckDuplicate { get; init; } = true;
}

/// <summary>The answer to <c>POST /networks/create</c>.</summary>
internal sealed record NetworkCreateResponse(string Id, string? Warning);

/// <summary>One row of <c>GET /networks</c>.</summary>
internal sealed record NetworkSummary(string Id, string Name, IReadOnlyDictionary<string, string>? Labels);
