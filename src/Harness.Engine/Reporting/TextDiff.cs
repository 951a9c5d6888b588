using System.Text;

namespace Harness.Engine.Reporting;

/// <summary>
/// Where expected and received differ, shown so a person sees it at once: for one-line text, both quoted one
/// above the other with a caret under the first difference; for text of several lines, a line-based diff;
/// for bytes, the offset of the first difference and a hex dump of each side.
/// </summary>
public static class TextDiff
{
    private const int MaxDiffLines = 200;

    public static IEnumerable<string> Lines(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> received)
    {
        var first = FirstDifference(expected.Span, received.Span);
        if (first < 0)
        {
            return [];
        }

        if (!BytePreview.IsPrintable(expected.Span) || !BytePreview.IsPrintable(received.Span))
        {
            return [$"first difference at byte {first}; the expected {expected.Length} bytes:", .. BytePreview.HexDump(expected).Select(l => "  " + l)];
        }

        var expectedText = Encoding.UTF8.GetString(expected.Span);
        var receivedText = Encoding.UTF8.GetString(received.Span);
        return expectedText.Contains('\n', StringComparison.Ordinal) || receivedText.Contains('\n', StringComparison.Ordinal)
            ? LineDiff(expectedText, receivedText)
            : Caret(expected.Span, received.Span, first);
    }

    /// <summary>The offset of the first byte that differs (or where the shorter one ends), or -1 when equal.</summary>
    public static int FirstDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = a.CommonPrefixLength(b);
        return common == a.Length && common == b.Length ? -1 : common;
    }

    private static List<string> Caret(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received, int first)
    {
        // Long texts are shown from a little before the difference, so the caret stays on screen.
        var start = first > 60 ? CharStart(expected, first - 40) : 0;
        var a = expected[start..];
        var b = received[start..];
        var at = CharStart(a.Length > first - start ? a : b, first - start);

        // Both sides share the bytes before the difference, so they quote to the same width up to it.
        var column = BytePreview.Quote(a[..at], int.MaxValue).Length - 1;
        var from = start > 0 ? $" (shown from byte {start})" : string.Empty;
        return
        [
            $"first difference at byte {first}{from}:",
            $"  expected: {BytePreview.Quote(a, 120)}",
            $"  received: {BytePreview.Quote(b, 120)}",
            $"  {new string(' ', "received: ".Length + column)}^",
        ];
    }

    /// <summary>Backs off from a UTF-8 continuation byte to the start of its character.</summary>
    private static int CharStart(ReadOnlySpan<byte> bytes, int offset)
    {
        while (offset > 0 && offset < bytes.Length && bytes[offset] is >= 0x80 and < 0xC0)
        {
            offset--;
        }

        return offset;
    }

    /// <summary>A unified-style diff of lines (" " same, "-" expected only, "+" received only) from a longest common subsequence.</summary>
    private static List<string> LineDiff(string expected, string received)
    {
        var a = SplitLines(expected);
        var b = SplitLines(received);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<string> { "diff (- expected, + received):" };
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add("    " + Show(a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add("  - " + Show(a[x++]));
            }
            else
            {
                lines.Add("  + " + Show(b[y++]));
            }
        }

        return lines;
    }

    private static string[] SplitLines(string text)
    {
        var lines = text.Split('\n');
        return (text.EndsWith('\n') ? lines[..^1] : lines).Take(MaxDiffLines).ToArray();
    }

    // A line keeps its CR visible: "\r\n" against "\n" is a classic protocol mistake.
    private static string Show(string line) => line.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
