using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Harness.Engine.Reporting;

/// <summary>Shows received bytes as a person can read them: quoted text when printable, a hex dump otherwise.</summary>
public static class BytePreview
{
    /// <summary>Whether the bytes are valid UTF-8 made of printable characters and common whitespace.</summary>
    public static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        foreach (var c in Encoding.UTF8.GetString(bytes))
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text in double quotes with CR, LF, tab and quotes escaped, cut at <paramref name="max"/> characters.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes, int max = 400)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder("\"");
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        builder.Append('"');
        if (text.Length > max)
        {
            builder.Append(CultureInfo.InvariantCulture, $" ... ({text.Length - max} more characters)");
        }

        return builder.ToString();
    }

    /// <summary>A classic hex dump: offset, 16 bytes in hex, and their ASCII.</summary>
    public static IEnumerable<string> HexDump(ReadOnlyMemory<byte> bytes, int maxBytes = 256)
    {
        var shown = bytes.Length > maxBytes ? bytes[..maxBytes] : bytes;
        for (var offset = 0; offset < shown.Length; offset += 16)
        {
            var row = shown.Span.Slice(offset, Math.Min(16, shown.Length - offset));
            var hex = new StringBuilder();
            var ascii = new StringBuilder();
            for (var i = 0; i < 16; i++)
            {
                hex.Append(i < row.Length ? row[i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
                if (i == 7)
                {
                    hex.Append(' ');
                }

                if (i < row.Length)
                {
                    ascii.Append(row[i] is >= 0x20 and < 0x7f ? (char)row[i] : '.');
                }
            }

            yield return $"{offset:x8}  {hex}|{ascii}|";
        }

        if (bytes.Length > maxBytes)
        {
            yield return $"... ({bytes.Length - maxBytes} more bytes)";
        }
    }

    /// <summary>One or more lines describing the bytes: quoted text, or a hex dump.</summary>
    /// <param name="bytes">The bytes to show.</param>
    /// <param name="total">How many bytes there were, when <paramref name="bytes"/> are only the first of them.</param>
    public static IEnumerable<string> Describe(ReadOnlyMemory<byte> bytes, long? total = null)
    {
        if (bytes.Length == 0 && total is null or 0)
        {
            return ["(nothing)"];
        }

        var size = total > bytes.Length
            ? string.Create(CultureInfo.InvariantCulture, $"{total} bytes; the report keeps the first {bytes.Length}")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} bytes");
        return IsPrintable(bytes.Span)
            ? [$"{Quote(bytes.Span)} ({size})"]
            : [$"{size}:", .. HexDump(bytes)];
    }
}
