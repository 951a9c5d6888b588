using System.Globalization;
using System.Text;

namespace Harness.Engine.Loading;

/// <summary>
/// Backslash escapes in text payloads written as plain or single-quoted YAML scalars, where YAML
/// itself does not decode them: <c>\r \n \t \0 \\ \xHH \u{HHHH}</c>.
/// (Double-quoted scalars are already decoded by YAML, so they are taken as they are.)
/// </summary>
internal static class EscapedText
{
    public const string Known = @"\r, \n, \t, \0, \\, \xHH or \u{HHHH}";

    /// <summary>Decodes escapes; on a bad one returns false with the offset and the reason.</summary>
    public static bool TryDecode(string text, out string decoded, out int errorOffset, out string? error)
    {
        errorOffset = -1;
        error = null;
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            decoded = text;
            return true;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            if (i + 1 >= text.Length)
            {
                return Fail(i, $"a lone backslash ends the text; write \\\\ for a backslash", out decoded, out errorOffset, out error);
            }

            var c = text[++i];
            switch (c)
            {
                case 'r': builder.Append('\r'); break;
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case '0': builder.Append('\0'); break;
                case '\\': builder.Append('\\'); break;
                case '"': builder.Append('"'); break;
                case '\'': builder.Append('\''); break;
                case 'x' when IsHex(text, i + 1, 2):
                    builder.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u' when i + 1 < text.Length && text[i + 1] == '{':
                    var close = text.IndexOf('}', i + 2);
                    if (close < 0 || close == i + 2 || !IsHex(text, i + 2, close - i - 2) || close - i - 2 > 6)
                    {
                        return Fail(i - 1, @"\u{...} needs 1 to 6 hex digits, such as \u{e9}", out decoded, out errorOffset, out error);
                    }

                    var code = int.Parse(text.AsSpan(i + 2, close - i - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                    {
                        return Fail(i - 1, $"\\u{{{code:x}}} is not a Unicode scalar value", out decoded, out errorOffset, out error);
                    }

                    builder.Append(char.ConvertFromUtf32(code));
                    i = close;
                    break;
                default:
                    return Fail(i - 1, $"unknown escape \\{c}; expected {Known}", out decoded, out errorOffset, out error);
            }
        }

        decoded = builder.ToString();
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsHex(string text, int start, int count) =>
        start + count <= text.Length && !text.AsSpan(start, count).ContainsAnyExcept(HexDigits);

    private static bool Fail(int offset, string reason, out string decoded, out int errorOffset, out string? error)
    {
        decoded = string.Empty;
        errorOffset = offset;
        error = reason;
        return false;
    }
}
