namespace Harness.Engine.Model;

/// <summary>How a reply ends on a stream, so that an expectation judges one whole message.</summary>
public abstract record Framing
{
    public abstract string Describe();
}

/// <summary>The reply ends at a delimiter, which is consumed but not part of the reply.</summary>
public sealed record DelimiterFraming(ReadOnlyMemory<byte> Delimiter, string Written) : Framing
{
    public override string Describe() => $"until {Written}";
}

/// <summary>The reply is everything until the peer closes.</summary>
public sealed record CloseFraming : Framing
{
    public override string Describe() => "until close";
}

/// <summary>A length prefix of 1, 2 or 4 bytes, then that many bytes.</summary>
public sealed record LengthPrefixFraming(int Size, bool BigEndian, bool IncludesHeader) : Framing
{
    public override string Describe() => $"{Size}-byte {(BigEndian ? "big" : "little")}-endian length prefix" + (IncludesHeader ? " (counting itself)" : string.Empty);

    /// <summary>The largest body the prefix can describe.</summary>
    public long MaxBody => (1L << (8 * Size)) - 1 - (IncludesHeader ? Size : 0);
}

/// <summary>The reply is the next N bytes.</summary>
public sealed record FixedLengthFraming(int Length) : Framing
{
    public override string Describe() => $"the next {Length} bytes";
}
