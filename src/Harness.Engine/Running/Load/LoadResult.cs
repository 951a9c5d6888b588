using Harness.Engine.Model;

namespace Harness.Engine.Running.Load;

/// <summary>One top-level step's numbers over the whole load run.</summary>
public sealed record StepLoadResult(int Number, Step Step, LatencyHistogram Latency, long Failures);

/// <summary>A failure message and how many iterations ended with it.</summary>
public sealed record LoadFailure(string Message, long Count);

/// <summary>What a load run measured.</summary>
public sealed record LoadResult(
    Scenario Scenario,
    int Clients,
    TimeSpan Elapsed,
    long Iterations,
    long FailedIterations,
    IReadOnlyList<StepLoadResult> Steps,
    IReadOnlyList<LoadFailure> Failures)
{
    /// <summary>Passed <c>expect</c> steps (those inside <c>repeat</c> too): one request and its reply each.</summary>
    public long Exchanges { get; init; }

    public double ErrorRate => Iterations == 0 ? 0 : (double)FailedIterations / Iterations;

    public double PerSecond(long count) => Elapsed > TimeSpan.Zero ? count / Elapsed.TotalSeconds : 0;

    /// <summary>The thresholds the run broke, one line each; empty when it held them all.</summary>
    public IReadOnlyList<string> BrokenThresholds(LoadThresholds? thresholds)
    {
        var broken = new List<string>();
        var allowed = thresholds?.ErrorRate ?? 0;
        if (ErrorRate > allowed)
        {
            broken.Add($"error rate {Percent(ErrorRate)} ({FailedIterations:N0} of {Iterations:N0} iterations failed) is above {Percent(allowed)}"
                + (thresholds?.ErrorRate is null ? " (no error_rate threshold is written, so none may fail)" : string.Empty));
        }

        if (Iterations == 0)
        {
            broken.Add("no iteration ran");
        }

        foreach (var (name, limit) in thresholds?.Latency ?? new Dictionary<string, TimeSpan>())
        {
            foreach (var step in Steps.Where(s => s.Latency.Count > 0))
            {
                var value = LatencyFormat.ToTimeSpan(Percentile(step.Latency, name));
                if (value > limit)
                {
                    broken.Add($"step {step.Number} ({step.Step.Describe()}): {name} {LatencyFormat.Format(value)} is above {LatencyFormat.Format(limit)}");
                }
            }
        }

        return broken;
    }

    /// <summary>A percentile by its threshold name (<c>p99.9</c>, <c>max</c>), in stopwatch ticks.</summary>
    public static long Percentile(LatencyHistogram histogram, string name)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(name);
        return name == "max" ? histogram.Max
            : histogram.Percentile(double.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Percent(double fraction) => $"{fraction * 100:0.###}%";
}
