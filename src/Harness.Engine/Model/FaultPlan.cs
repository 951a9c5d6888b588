using System.Globalization;
using System.Text;
using Harness.Engine.Loading;

namespace Harness.Engine.Model;

/// <summary>
/// Faults a proxy puts on a connection (<c>faults:</c> on the scenario or on a <c>connect</c>): the harness
/// connects to the proxy, the proxy to the peer, and the bytes or datagrams between them are shaped as written.
/// </summary>
/// <param name="Send">What happens to what the harness sends, on its way to the peer.</param>
/// <param name="Receive">What happens to what the peer sends, on its way back.</param>
/// <param name="Seed">Seeds the random choices (jitter, drop, duplicate, reorder), so a run can be repeated exactly.</param>
/// <param name="Location">Where the faults are written.</param>
public sealed record FaultPlan(DirectionFaults Send, DirectionFaults Receive, int Seed, SourceLocation Location)
{
    /// <summary>The seed when a scenario names none: runs are reproducible unless a scenario asks otherwise.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Whether anything is changed at all (<c>faults: {}</c> turns a scenario's faults off for one connection).</summary>
    public bool IsEmpty => Send.IsEmpty && Receive.IsEmpty;

    public string Describe()
    {
        if (IsEmpty)
        {
            return "no faults";
        }

        var parts = new List<string>();
        if (Send == Receive)
        {
            parts.Add("both ways: " + Send.Describe());
        }
        else
        {
            if (!Send.IsEmpty)
            {
                parts.Add("send: " + Send.Describe());
            }

            if (!Receive.IsEmpty)
            {
                parts.Add("receive: " + Receive.Describe());
            }
        }

        return string.Join("; ", parts);
    }
}

/// <summary>The faults of one direction of a connection.</summary>
public sealed record DirectionFaults
{
    // Before None: static fields initialize in the order written, and None's ChunkDelay reads this one.
    public static readonly TimeSpan DefaultChunkDelay = TimeSpan.FromMilliseconds(10);

    public static DirectionFaults None { get; } = new();

    /// <summary>Split what passes into pieces of at most this many bytes (streams), each sent on its own.</summary>
    public int? Chunk { get; init; }

    /// <summary>The pause between two pieces of one write split by <see cref="Chunk"/>.</summary>
    public TimeSpan ChunkDelay { get; init; } = DefaultChunkDelay;

    /// <summary>How long everything is held before it passes.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>A random amount, up to this much either way, added to <see cref="Latency"/> for each piece.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>The most bytes per second that pass, or null for no limit.</summary>
    public long? BytesPerSecond { get; init; }

    /// <summary>Nothing passes this way: bytes or datagrams are swallowed (a close still passes).</summary>
    public bool Stall { get; init; }

    /// <summary>Close the connection (an orderly close, both sides) after so many bytes this way or so long.</summary>
    public Cut? CloseAfter { get; init; }

    /// <summary>Reset the connection (both sides) after so many bytes this way or so long.</summary>
    public Cut? ResetAfter { get; init; }

    /// <summary>The chance, 0 to 1, that a datagram is lost.</summary>
    public double Drop { get; init; }

    /// <summary>The chance, 0 to 1, that a datagram arrives twice.</summary>
    public double Duplicate { get; init; }

    /// <summary>The chance, 0 to 1, that a datagram is held back and passes after the next one.</summary>
    public double Reorder { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>Faults that only datagrams can have: a stream never loses, repeats or reorders bytes.</summary>
    public bool HasDatagramFaults => Drop > 0 || Duplicate > 0 || Reorder > 0;

    /// <summary>Faults that only streams can have: a datagram is never split, and there is no connection to close.</summary>
    public bool HasStreamFaults => Chunk is not null || CloseAfter is not null || ResetAfter is not null;

    public string Describe()
    {
        var parts = new List<string>();
        if (Stall)
        {
            parts.Add("stalled (nothing passes)");
        }

        if (Chunk is { } chunk)
        {
            parts.Add($"{chunk}-byte pieces {Durations.Format(ChunkDelay)} apart");
        }

        if (Latency > TimeSpan.Zero || Jitter > TimeSpan.Zero)
        {
            parts.Add($"latency {Durations.Format(Latency)}" + (Jitter > TimeSpan.Zero ? $" ± {Durations.Format(Jitter)}" : string.Empty));
        }

        if (BytesPerSecond is { } rate)
        {
            parts.Add($"at most {Sizes.Format(rate)}/s");
        }

        if (CloseAfter is { } close)
        {
            parts.Add($"closed after {close.Describe()}");
        }

        if (ResetAfter is { } reset)
        {
            parts.Add($"reset after {reset.Describe()}");
        }

        AddChance(parts, "dropped", Drop);
        AddChance(parts, "duplicated", Duplicate);
        AddChance(parts, "reordered", Reorder);
        return string.Join(", ", parts);
    }

    private static void AddChance(List<string> parts, string what, double chance)
    {
        if (chance > 0)
        {
            parts.Add($"{(chance * 100).ToString("0.##", CultureInfo.InvariantCulture)}% {what}");
        }
    }
}

/// <summary>When a connection is cut: after so many bytes have passed one way, or so long after it opened.</summary>
public sealed record Cut(long? Bytes, TimeSpan? After)
{
    public string Describe()
    {
        var text = new StringBuilder();
        if (Bytes is { } bytes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes} bytes");
        }

        if (After is { } after)
        {
            text.Append(text.Length > 0 ? " or " : string.Empty).Append(Durations.Format(after));
        }

        return text.ToString();
    }
}
