using System.Diagnostics;

namespace Harness.Benchmarks;

/// <summary>Medians of several timed runs, the baseline and the subject interleaved so that drift hits both.</summary>
internal static class Measure
{
    public static async Task<(TimeSpan Baseline, TimeSpan Subject)> PairAsync(
        int runs, Func<Task> baseline, Func<Task> subject, bool warmUp = true)
    {
        var baselines = new List<TimeSpan>();
        var subjects = new List<TimeSpan>();
        if (warmUp)
        {
            await baseline();
            await subject();
        }

        for (var i = 0; i < runs; i++)
        {
            baselines.Add(await TimeAsync(baseline));
            subjects.Add(await TimeAsync(subject));
        }

        return (Median(baselines), Median(subjects));
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    public static TimeSpan Median(List<TimeSpan> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
