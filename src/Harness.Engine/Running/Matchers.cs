using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Engine.Running;

/// <summary>What a matcher decided about the bytes seen so far.</summary>
internal enum MatchStatus
{
    /// <summary>Not decidable yet: more bytes could make it match (or fail).</summary>
    NeedMore,

    Matched,

    Mismatch,
}

internal readonly record struct MatchResult(MatchStatus Status, int Consumed, string? Reason)
{
    /// <summary>Where the matched message starts within the consumed bytes (past a length prefix, say).</summary>
    public int ContentStart { get; init; }

    /// <summary>How long the matched message is; null means everything consumed.</summary>
    public int? ContentLength { get; init; }

    /// <summary>Whether <see cref="Reason"/> already says how the peer's close decided it, so the step need not.</summary>
    public bool ExplainsClose { get; init; }

    public static MatchResult NeedMore { get; } = new(MatchStatus.NeedMore, 0, null);

    public static MatchResult Match(int consumed) => new(MatchStatus.Matched, consumed, null);

    public static MatchResult Fail(string reason) => new(MatchStatus.Mismatch, 0, reason);
}

/// <summary>
/// Decides an expectation over bytes that may arrive in any pieces. <c>complete</c> means no more bytes
/// will come for this decision: the peer closed a stream, or the bytes are one whole datagram.
/// </summary>
/// <remarks>
/// During one step the data given to <see cref="Match"/> starts at the same byte each time and only grows, so a
/// matcher may remember how far it has looked. One that cannot, and reads all of it again on every call, says so
/// with <see cref="Rescans"/>: the step then asks it less often while a flood arrives (see <see cref="JudgeSchedule"/>).
/// </remarks>
internal interface IMatcher
{
    string Expected { get; }

    /// <summary>Whether each call reads all the data again (a regex, a JSON value), so its cost grows with the data.</summary>
    bool Rescans => false;

    /// <summary>The fewest bytes that could satisfy the expectation: more than the received-data limit can never pass.</summary>
    long MinimumBytes => 0;

    MatchResult Match(ReadOnlySpan<byte> data, bool complete);
}

/// <summary>Exactly these bytes next; fails at the first differing byte without waiting for the rest.</summary>
internal sealed class ExactMatcher(ReadOnlyMemory<byte> expected, string description) : IMatcher
{
    // Match is called again after every receive with the same bytes plus more: the prefix already
    // compared is not compared again, so a large expectation costs O(n), not O(n^2 / receive size).
    private int _verified;

    public string Expected { get; } = description;

    public ReadOnlyMemory<byte> Bytes => expected;

    public long MinimumBytes => expected.Length;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        var want = expected.Span;
        var common = Math.Min(data.Length, want.Length);
        var from = _verified <= common ? _verified : 0;
        var differ = from + data[from..common].CommonPrefixLength(want[from..common]);
        if (differ < common)
        {
            _verified = 0;
            return MatchResult.Fail($"differs at byte {differ}");
        }

        _verified = common;

        if (data.Length < want.Length)
        {
            return complete
                ? MatchResult.Fail($"only {data.Length} of {want.Length} bytes arrived")
                : MatchResult.NeedMore;
        }

        // A datagram is one whole message: extra bytes in it are a mismatch, while on a stream they belong to what follows.
        return complete && data.Length > want.Length && IsDatagram
            ? MatchResult.Fail($"{data.Length - want.Length} bytes more than expected")
            : MatchResult.Match(want.Length);
    }

    public bool IsDatagram { get; init; }
}

internal sealed class ContainsMatcher(ReadOnlyMemory<byte> needle, string description) : IMatcher
{
    // Where the next search starts: the bytes before it were searched already (a needle that straddles the end of
    // what had arrived starts after it), so a flood costs one pass over the data, not one per receive.
    private int _searchFrom;

    public string Expected { get; } = description;

    public long MinimumBytes => needle.Length;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        var from = _searchFrom <= data.Length ? _searchFrom : 0;
        var at = data[from..].IndexOf(needle.Span);
        if (at >= 0)
        {
            return MatchResult.Match(from + at + needle.Length);
        }

        _searchFrom = Math.Max(0, data.Length - needle.Length + 1);
        return complete ? MatchResult.Fail("not found") : MatchResult.NeedMore;
    }
}

/// <summary>A regular expression over the UTF-8 text received so far (an incomplete trailing character waits for its bytes).</summary>
internal sealed class RegexMatcher(Regex regex) : IMatcher
{
    public string Expected { get; } = $"a match of /{regex}/";

    private const int PooledChars = 1024 * 1024;

    /// <summary>A match may start anywhere, so every call reads the text from its start.</summary>
    public bool Rescans => true;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        var usable = complete ? data.Length : data.Length - IncompleteTail(data);

        // The text is decoded into an array of chars, not a new string per call: small ones come from the pool (a reply
        // is matched after each receive); large ones are not kept there after a flood has passed.
        var size = Encoding.UTF8.GetMaxCharCount(usable);
        var pooled = size <= PooledChars;
        var chars = pooled ? ArrayPool<char>.Shared.Rent(size) : GC.AllocateUninitializedArray<char>(size);
        try
        {
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(data[..usable], chars));
            foreach (var match in regex.EnumerateMatches(text))
            {
                return MatchResult.Match(Encoding.UTF8.GetByteCount(text[..(match.Index + match.Length)]));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return MatchResult.Fail("the regular expression took too long to evaluate");
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        return complete ? MatchResult.Fail("no match") : MatchResult.NeedMore;
    }

    /// <summary>How many bytes at the end start a UTF-8 character whose remaining bytes have not arrived.</summary>
    internal static int IncompleteTail(ReadOnlySpan<byte> data)
    {
        for (var back = 1; back <= Math.Min(3, data.Length); back++)
        {
            var b = data[^back];
            if ((b & 0xC0) != 0x80)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? back : 0;
            }
        }

        return 0;
    }
}

internal sealed class ClosedMatcher : IMatcher
{
    public string Expected => "the peer to close the connection";

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete) =>
        data.Length > 0 ? MatchResult.Fail($"{data.Length} bytes arrived instead")
        : complete ? MatchResult.Match(0)
        : MatchResult.NeedMore;
}
