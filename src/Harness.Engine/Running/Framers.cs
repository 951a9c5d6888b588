using System.Buffers.Binary;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>Where one framed message lies in the bytes received so far.</summary>
internal readonly record struct Frame(int Start, int Length, int Consumed);

/// <summary>
/// Wraps a matcher so that it judges exactly one framed message: the framer finds where the message ends
/// (delimiter, length prefix, fixed length, or the peer's close) and the matcher sees that message whole.
/// </summary>
/// <param name="framing">Where the message ends.</param>
/// <param name="inner">What judges the message.</param>
/// <param name="limit">The received-data limit: a length prefix announcing more fails at once rather than at the limit.</param>
internal sealed class FramedMatcher(Framing framing, IMatcher inner, int limit = int.MaxValue) : IMatcher
{
    // Where the next search for a delimiter starts: the bytes before it hold none (see ContainsMatcher).
    private int _searchFrom;

    public string Expected => $"{inner.Expected} ({framing.Describe()})";

    /// <summary>What the framing still waits for, for a timeout's message (such as the bytes a length prefix announced).</summary>
    public string? Waiting { get; private set; }

    public long MinimumBytes => framing switch
    {
        FixedLengthFraming fixedLength => fixedLength.Length,
        LengthPrefixFraming prefix => prefix.Size + inner.MinimumBytes,
        DelimiterFraming delimiter => delimiter.Delimiter.Length + inner.MinimumBytes,
        _ => inner.MinimumBytes,
    };

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        var from = _searchFrom <= data.Length ? _searchFrom : 0;
        var (frame, problem) = Find(framing, data, complete, from);
        if (frame is null && problem is null && framing is DelimiterFraming { Delimiter.Length: var length })
        {
            _searchFrom = Math.Max(0, data.Length - length + 1);
        }

        if (frame is null && problem is null && framing is LengthPrefixFraming prefix && data.Length >= prefix.Size
            && AnnouncedLength(prefix, data) is var announced && announced > limit - prefix.Size)
        {
            problem = $"the length prefix announces {announced} bytes, more than {RunSettings.DescribeReceiveLimit(limit)}";
        }

        Waiting = frame is null && problem is null ? DescribeWait(data) : null;
        if (problem is not null)
        {
            // Every problem a framer finds in a complete stream is about the close; the step need not add that it closed.
            return MatchResult.Fail(problem) with { ExplainsClose = complete };
        }

        if (frame is not { } found)
        {
            return MatchResult.NeedMore;
        }

        var result = inner.Match(data.Slice(found.Start, found.Length), complete: true);
        return result.Status == MatchStatus.Matched
            ? MatchResult.Match(found.Consumed) with { ContentStart = found.Start, ContentLength = found.Length }
            : result.Status == MatchStatus.NeedMore ? MatchResult.Fail("the reply ended before the expectation could decide")
            : MatchResult.Fail($"the reply {Preview(data.Slice(found.Start, found.Length))} does not match: {result.Reason}");
    }

    private string DescribeWait(ReadOnlySpan<byte> data) => framing switch
    {
        LengthPrefixFraming prefix when data.Length >= prefix.Size =>
            $"{data.Length - prefix.Size} of the {AnnouncedLength(prefix, data)} bytes the length prefix announced have arrived",
        DelimiterFraming delimiter => $"no delimiter {delimiter.Written} in the {data.Length} bytes received",
        FixedLengthFraming fixedLength => $"{data.Length} of {fixedLength.Length} bytes received",
        _ => $"{data.Length} bytes received, no whole reply yet",
    };

    private static string Preview(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > 60 || frame.ContainsAnyInRange((byte)0, (byte)8))
        {
            return $"of {frame.Length} bytes";
        }

        var text = System.Text.Encoding.UTF8.GetString(frame)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return $"\"{text}\"";
    }

    /// <summary>The first whole message in <paramref name="data"/>, null when more bytes are needed, or why there cannot be one.</summary>
    /// <param name="framing">The framing.</param>
    /// <param name="data">The bytes received so far.</param>
    /// <param name="complete">Whether the peer has closed: no more bytes will come.</param>
    /// <param name="searchFrom">Where to start looking for a delimiter: no earlier byte starts one.</param>
    internal static (Frame? Frame, string? Problem) Find(Framing framing, ReadOnlySpan<byte> data, bool complete, int searchFrom = 0)
    {
        switch (framing)
        {
            case DelimiterFraming delimiter:
            {
                var found = data[searchFrom..].IndexOf(delimiter.Delimiter.Span);
                var at = found < 0 ? found : searchFrom + found;
                return at >= 0 ? (new Frame(0, at, at + delimiter.Delimiter.Length), null)
                    : complete ? (null, $"the peer closed the connection after {data.Length} bytes, before the delimiter {delimiter.Written}")
                    : (null, null);
            }

            case CloseFraming:
                return complete ? (new Frame(0, data.Length, data.Length), null) : (null, null);
            case FixedLengthFraming fixedLength:
                return data.Length >= fixedLength.Length ? (new Frame(0, fixedLength.Length, fixedLength.Length), null)
                    : complete ? (null, $"the peer closed the connection after {data.Length} of {fixedLength.Length} bytes")
                    : (null, null);
            case LengthPrefixFraming prefix:
            {
                if (data.Length < prefix.Size)
                {
                    return complete ? (null, $"the peer closed the connection within the {prefix.Size}-byte length prefix") : (null, null);
                }

                var length = AnnouncedLength(prefix, data);
                if (length < 0)
                {
                    return (null, $"the length prefix says {length + prefix.Size}, less than the prefix itself");
                }

                if (length > int.MaxValue - prefix.Size)
                {
                    return (null, $"the length prefix says {length} bytes, more than can be buffered");
                }

                var total = prefix.Size + (int)length;
                return data.Length >= total ? (new Frame(prefix.Size, (int)length, total), null)
                    : complete ? (null, $"the peer closed the connection after {data.Length - prefix.Size} of the {length} bytes its length prefix announced")
                    : (null, null);
            }

            default:
                return (null, $"framing {framing.GetType().Name} is not supported");
        }
    }

    /// <summary>The body length a prefix announces (negative when a prefix that counts itself is too small).</summary>
    private static long AnnouncedLength(LengthPrefixFraming prefix, ReadOnlySpan<byte> data)
    {
        var header = data[..prefix.Size];
        long length = prefix.Size switch
        {
            1 => header[0],
            2 => prefix.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header) : BinaryPrimitives.ReadUInt16LittleEndian(header),
            _ => prefix.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header) : BinaryPrimitives.ReadUInt32LittleEndian(header),
        };
        return prefix.IncludesHeader ? length - prefix.Size : length;
    }

    /// <summary>The length prefix for a payload, or why it cannot be written.</summary>
    internal static byte[] PrefixFor(LengthPrefixFraming prefix, int payloadLength)
    {
        long value = payloadLength + (prefix.IncludesHeader ? prefix.Size : 0);
        if (payloadLength > prefix.MaxBody)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), $"{payloadLength} bytes do not fit a {prefix.Size}-byte length prefix (at most {prefix.MaxBody})");
        }

        var header = new byte[prefix.Size];
        switch (prefix.Size)
        {
            case 1:
                header[0] = (byte)value;
                break;
            case 2 when prefix.BigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)value);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)value);
                break;
            case 4 when prefix.BigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(header, (uint)value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)value);
                break;
        }

        return header;
    }
}
