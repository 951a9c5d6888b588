using Harness.Engine.Running.Load;

namespace Harness.Cli.Commands;

/// <summary>The report of <c>harness load</c>: totals and rates, then one line of percentiles per step.</summary>
internal static class LoadTable
{
    public static void Write(LoadResult result, TextWriter output)
    {
        var seconds = result.Elapsed.TotalSeconds;
        output.WriteLine($"iterations: {result.Iterations:N0} in {seconds:0.00}s ({result.PerSecond(result.Iterations):N0}/s), failed: {result.FailedIterations:N0} ({result.ErrorRate * 100:0.###}%)");
        output.WriteLine($"exchanges:  {result.Exchanges:N0} ({result.PerSecond(result.Exchanges):N0}/s)");
        output.WriteLine();
        output.WriteLine($"  {"step",-36} {"count",10} {"failed",7} {"p50",8} {"p90",8} {"p99",8} {"p99.9",8} {"max",8}");
        foreach (var step in result.Steps)
        {
            var h = step.Latency;
            var name = $"{step.Number} {step.Step.Describe()}";
            name = name.Length > 36 ? name[..35] + "…" : name;
            output.WriteLine(
                $"  {name,-36} {h.Count,10:N0} {step.Failures,7:N0} {F(h.Percentile(50)),8} {F(h.Percentile(90)),8} {F(h.Percentile(99)),8} {F(h.Percentile(99.9)),8} {F(h.Max),8}");
        }

        if (result.Failures.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("failures:");
            foreach (var failure in result.Failures)
            {
                output.WriteLine($"  {failure.Count,8:N0} x {failure.Message}");
            }
        }

        output.WriteLine();
        string F(long ticks) => LatencyFormat.Format(ticks);
    }
}
