namespace Harness.Benchmarks;

/// <summary>One line of the results table.</summary>
internal sealed record Row(string Benchmark, string Detail, double Ratio, string RatioMeaning, string Goal, bool Met);
