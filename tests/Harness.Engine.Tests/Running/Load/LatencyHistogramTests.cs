using Harness.Engine.Running.Load;

namespace Harness.Engine.Tests.Running.Load;

public sealed class LatencyHistogramTests
{
    [Test]
    public void Small_values_are_kept_exactly()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in new long[] { 5, 1, 3, 2, 4 })
        {
            histogram.Record(value);
        }

        histogram.Percentile(50).ShouldBe(3);
        histogram.Percentile(100).ShouldBe(5);
        histogram.Percentile(0.001).ShouldBe(1);
        histogram.Count.ShouldBe(5);
    }

    [TestCase(50.0)]
    [TestCase(90.0)]
    [TestCase(99.0)]
    [TestCase(99.9)]
    public void Percentiles_of_a_wide_spread_are_within_two_percent_of_the_exact_ones(double percent)
    {
        // Given 100,000 values spread over six orders of magnitude
        var random = new Random(42);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)Math.Pow(10, 1 + (random.NextDouble() * 6))).ToList();
        var histogram = new LatencyHistogram();
        values.ForEach(histogram.Record);

        // When a percentile is read, then it is near the exact one, never below it
        values.Sort();
        var exact = values[(int)Math.Ceiling(percent / 100 * values.Count) - 1];
        var read = histogram.Percentile(percent);
        read.ShouldBeGreaterThanOrEqualTo(exact);
        ((double)(read - exact) / exact).ShouldBeLessThan(0.02);
    }

    [Test]
    public void The_max_is_exact_and_no_percentile_exceeds_it()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000_003);
        histogram.Record(10);

        histogram.Max.ShouldBe(1_000_003);
        histogram.Percentile(100).ShouldBe(1_000_003);
    }

    [Test]
    public void Merged_histograms_count_both()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(100);
        b.Record(200_000);
        b.Record(300_000);

        a.Add(b);

        a.Count.ShouldBe(3);
        a.Max.ShouldBe(300_000);
        a.Min.ShouldBe(100);
        a.Percentile(34).ShouldBeGreaterThanOrEqualTo(200_000);
    }

    [Test]
    public void An_empty_histogram_reads_zero()
    {
        new LatencyHistogram().Percentile(99).ShouldBe(0);
    }

    [Test]
    public void Bucket_upper_bounds_contain_their_values()
    {
        foreach (var value in new long[] { 0, 63, 64, 65, 127, 128, 1000, 123_456_789, long.MaxValue / 3 })
        {
            var index = LatencyHistogram.Index(value);
            LatencyHistogram.UpperBound(index).ShouldBeGreaterThanOrEqualTo(value);
            (index == 0 || LatencyHistogram.UpperBound(index - 1) < value).ShouldBeTrue($"{value} is in bucket {index}");
        }
    }
}
