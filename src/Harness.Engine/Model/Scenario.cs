namespace Harness.Engine.Model;

/// <summary>One conversation to run, as loaded from a scenario file.</summary>
public sealed record Scenario(
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<PeerDeclaration> Peers,
    IReadOnlyList<Step> Steps,
    TimeSpan? Timeout,
    string FilePath,
    SourceLocation Location)
{
    /// <summary>How many concurrent clients run the steps, each with its own connections and variables.</summary>
    public int Clients { get; init; } = 1;
}
