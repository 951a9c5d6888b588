namespace Harness.Engine.Running.Load;

/// <summary>
/// Latencies in log-linear buckets (HDR-style): exact below 64 ticks of the stopwatch, then 64 buckets per
/// power of two, so a percentile is within about 1.6% of the true value whatever the run's length,
/// in a fixed 32 KiB per histogram. One per client and step; merged at the end, so recording takes no lock.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private readonly long[] _counts = new long[(64 - SubBucketBits + 1) * SubBuckets];

    public long Count { get; private set; }

    /// <summary>The largest value recorded, exactly (in stopwatch ticks).</summary>
    public long Max { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public void Record(long ticks)
    {
        ticks = Math.Max(ticks, 0);
        _counts[Index(ticks)]++;
        Count++;
        Max = Math.Max(Max, ticks);
        Min = Math.Min(Min, ticks);
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
        Min = Math.Min(Min, other.Min);
    }

    /// <summary>The value at or below which <paramref name="percent"/> of the values fall (the bucket's upper end, never above the max).</summary>
    public long Percentile(double percent)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percent / 100 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }

        return Max;
    }

    internal static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        // The top SubBucketBits bits below the highest set bit pick the sub-bucket within the power of two.
        var magnitude = 63 - (int)long.LeadingZeroCount(value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)((value >> shift) & (SubBuckets - 1));
        return ((shift + 1) * SubBuckets) + sub;
    }

    internal static long UpperBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var sub = index % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << shift) - 1;
    }
}
