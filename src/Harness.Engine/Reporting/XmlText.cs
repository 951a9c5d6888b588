using System.Globalization;
using System.Text;
using System.Xml;

namespace Harness.Engine.Reporting;

/// <summary>
/// Makes any text safe for XML 1.0: received bytes can hold NUL, ESC and other characters that no XML file may
/// contain (not even escaped). They are written as <c>\xHH</c> (or U+FFFD for broken surrogates), so the
/// report stays valid and still shows what arrived.
/// </summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c < 0x20)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append('\uFFFD');
            }
        }

        return builder.ToString();
    }
}
