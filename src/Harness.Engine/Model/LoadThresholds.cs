namespace Harness.Engine.Model;

/// <summary>
/// What <c>harness load</c> must hold (the scenario's <c>load: { thresholds: ... }</c>): latency
/// percentiles that every step must stay under, and the largest share of failed iterations.
/// </summary>
public sealed record LoadThresholds
{
    /// <summary>The percentile names a scenario may bound, in report order.</summary>
    public static readonly IReadOnlyList<string> PercentileNames = ["p50", "p90", "p99", "p99.9", "max"];

    /// <summary>Upper bounds on every step's latency, by percentile name (<c>p99</c>, <c>max</c>, ...).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Latency { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>The largest share of iterations that may fail, from 0 to 1; null when not written (then none may fail).</summary>
    public double? ErrorRate { get; init; }

    public SourceLocation? Location { get; init; }
}
