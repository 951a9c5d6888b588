using System.Globalization;
using System.Text;

namespace Harness.Engine.Peers.Builtin;

/// <summary>An HTTP/1.x request head, as far as the built-in http peer needs it.</summary>
internal sealed record HttpRequest(string Method, string Target, string Version, IReadOnlyDictionary<string, string> Headers, long ContentLength)
{
    /// <summary>Whether the client wants the connection kept open after the response (RFC 9112 section 9.3).</summary>
    public bool KeepAlive
    {
        get
        {
            var connection = Headers.TryGetValue("connection", out var value) ? value : string.Empty;
            var tokens = connection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return Version == "HTTP/1.1"
                ? !tokens.Contains("close", StringComparer.OrdinalIgnoreCase)
                : tokens.Contains("keep-alive", StringComparer.OrdinalIgnoreCase);
        }
    }
}

internal enum HttpParseStatus
{
    /// <summary>The head is not complete yet: read more.</summary>
    Incomplete,

    Complete,

    /// <summary>The bytes are not an acceptable request; answer with the status and close.</summary>
    Invalid,
}

internal readonly record struct HttpParseResult(HttpParseStatus Status, HttpRequest? Request, int HeadLength, int ErrorStatus, string? Error)
{
    public static HttpParseResult Incomplete => new(HttpParseStatus.Incomplete, null, 0, 0, null);

    public static HttpParseResult Invalid(int status, string error) => new(HttpParseStatus.Invalid, null, 0, status, error);
}

/// <summary>
/// Parses a request head out of whatever bytes have arrived, kept apart from I/O: a request may come in
/// many pieces or several in one (pipelining), so the parser only says "not yet", "here is one, it took
/// N bytes", or "this is not HTTP".
/// </summary>
internal static class HttpRequestParser
{
    public const int MaxHeadBytes = 16 * 1024;

    private static readonly byte[] CrLfCrLf = "\r\n\r\n"u8.ToArray();

    public static HttpParseResult TryParse(ReadOnlySpan<byte> data)
    {
        // Robust servers skip empty lines before a request line (RFC 9112 section 2.2).
        var skipped = 0;
        while (skipped + 1 < data.Length && data[skipped] == '\r' && data[skipped + 1] == '\n')
        {
            skipped += 2;
        }

        var end = data[skipped..].IndexOf(CrLfCrLf);
        if (end < 0)
        {
            return data.Length > MaxHeadBytes
                ? HttpParseResult.Invalid(431, $"the request head is larger than {MaxHeadBytes} bytes")
                : HttpParseResult.Incomplete;
        }

        var head = Encoding.Latin1.GetString(data.Slice(skipped, end));
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper))
        {
            return HttpParseResult.Invalid(400, $"'{lines[0]}' is not a request line (METHOD target HTTP/1.1)");
        }

        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return HttpParseResult.Invalid(parts[2].StartsWith("HTTP/", StringComparison.Ordinal) ? 505 : 400, $"unsupported protocol version '{parts[2]}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(char.IsWhiteSpace))
            {
                return HttpParseResult.Invalid(400, $"'{line}' is not a header field (Name: value)");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        if (parts[2] == "HTTP/1.1" && !headers.ContainsKey("host"))
        {
            return HttpParseResult.Invalid(400, "an HTTP/1.1 request must carry a Host header");
        }

        if (headers.ContainsKey("transfer-encoding"))
        {
            return HttpParseResult.Invalid(501, "request bodies with Transfer-Encoding are not supported by the built-in http peer");
        }

        long length = 0;
        if (headers.TryGetValue("content-length", out var lengthText)
            && (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length < 0))
        {
            return HttpParseResult.Invalid(400, $"Content-Length '{lengthText}' is not a number");
        }

        return new HttpParseResult(HttpParseStatus.Complete, new HttpRequest(parts[0], parts[1], parts[2], headers, length), skipped + end + CrLfCrLf.Length, 0, null);
    }
}
