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
    /// <summary>
    /// Whether the scenario may run at the same time as others, as written (<c>parallel: false</c> or <c>true</c>);
    /// null lets the runner decide (it keeps scenarios that need a fixed port or someone else's server apart).
    /// </summary>
    public bool? Parallel { get; init; }

    /// <summary>How many concurrent clients run the steps, each with its own connections and variables.</summary>
    public int Clients { get; init; } = 1;

    /// <summary>The thresholds <c>harness load</c> checks (<c>load: { thresholds: ... }</c>); null when the scenario names none.</summary>
    public LoadThresholds? Load { get; init; }

    /// <summary>The faults every <c>connect</c> of the scenario goes through, unless the step sets its own.</summary>
    public FaultPlan? Faults { get; init; }

    /// <summary>Default values the scenario gives its variables (<c>vars:</c>); harness.yaml and <c>--var</c> win over them.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
