using System.Globalization;
using System.Text;
using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>The http peer's answer to <c>GET path</c>.</summary>
internal sealed record HttpPeerOptions(int Status, string Body, string ContentType, string Path)
{
    public const string DefaultBody = "Hello from harness\n";
    public const string DefaultContentType = "text/plain; charset=utf-8";
}

/// <summary>
/// A small HTTP/1.1 server: answers <c>GET</c> and <c>HEAD</c> of its path with the configured status and
/// body, other paths with 404, other methods with 405, and malformed requests with 400 (then closes).
/// Requests may arrive in any number of pieces or several at once; a request body announced by
/// Content-Length is read and ignored; connections stay open between requests unless the client asks
/// otherwise (HTTP/1.0 without keep-alive, or <c>Connection: close</c>).
/// </summary>
internal sealed class HttpBehavior(HttpPeerOptions options, TimeProvider time) : IBuiltinPeerBehavior
{
    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[HttpRequestParser.MaxHeadBytes + 1];
        var count = 0;
        while (true)
        {
            var parsed = HttpRequestParser.TryParse(buffer.AsSpan(0, count));
            if (parsed.Status == HttpParseStatus.Incomplete)
            {
                var received = await connection.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }

                count += received;
                continue;
            }

            if (parsed.Status == HttpParseStatus.Invalid)
            {
                await connection.SendAsync(Response(parsed.ErrorStatus, parsed.Error + "\n", "HTTP/1.1", head: false, close: true), cancellationToken).ConfigureAwait(false);
                await GracefulClose.CloseAsync(connection, cancellationToken).ConfigureAwait(false);
                return;
            }

            var request = parsed.Request!;
            buffer.AsSpan(parsed.HeadLength, count - parsed.HeadLength).CopyTo(buffer);
            count -= parsed.HeadLength;
            count = await SkipBodyAsync(connection, buffer, count, request.ContentLength, cancellationToken).ConfigureAwait(false);
            var keepAlive = request.KeepAlive;
            await connection.SendAsync(Answer(request, keepAlive), cancellationToken).ConfigureAwait(false);
            if (!keepAlive)
            {
                await GracefulClose.CloseAsync(connection, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    public Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken) =>
        throw new NotSupportedException("http runs over a stream transport");

    /// <summary>Reads past a request body: the body's bytes already buffered, then the rest from the wire.</summary>
    private static async Task<int> SkipBodyAsync(IStreamConnection connection, byte[] buffer, int count, long length, CancellationToken cancellationToken)
    {
        var inBuffer = (int)Math.Min(length, count);
        buffer.AsSpan(inBuffer, count - inBuffer).CopyTo(buffer);
        var remaining = length - inBuffer;
        var scratch = remaining > 0 ? new byte[8192] : [];
        while (remaining > 0)
        {
            var received = await connection.ReceiveAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                break;
            }

            remaining -= received;
        }

        return count - inBuffer;
    }

    private byte[] Answer(HttpRequest request, bool keepAlive)
    {
        var head = request.Method == "HEAD";
        if (request.Method is not ("GET" or "HEAD"))
        {
            return Response(405, $"method {request.Method} is not allowed; use GET or HEAD\n", request.Version, head: false, close: !keepAlive, allow: true);
        }

        var path = request.Target.Split('?', 2)[0];
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(request.Target, UriKind.Absolute, out var absolute))
        {
            path = absolute.AbsolutePath;
        }

        return path == options.Path
            ? Response(options.Status, options.Body, request.Version, head, close: !keepAlive, contentType: options.ContentType)
            : Response(404, $"{path} is not here; try {options.Path}\n", request.Version, head, close: !keepAlive);
    }

    private byte[] Response(int status, string body, string version, bool head, bool close, bool allow = false, string contentType = HttpPeerOptions.DefaultContentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{version} {status} {Reason(status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)}\r\n")
            .Append("Server: harness\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        if (allow)
        {
            text.Append("Allow: GET, HEAD\r\n");
        }

        text.Append(close ? "Connection: close\r\n" : version == "HTTP/1.0" ? "Connection: keep-alive\r\n" : string.Empty).Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(text.ToString());
        return head ? headBytes : [.. headBytes, .. bytes];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
}
