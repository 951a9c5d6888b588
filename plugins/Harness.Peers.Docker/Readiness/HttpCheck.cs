using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Peers.Docker.Readiness;

/// <summary>
/// A GET that answers 2xx or 3xx. Plain HTTP/1.0 over a socket rather than HttpClient: the check
/// wants the status line and nothing else (no redirects followed, no proxy, no pooled connection
/// that outlives the container).
/// </summary>
internal sealed class HttpCheck(IPEndPoint endpoint, string path) : IReadinessCheck
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(2);

    public string Description => $"GET {path} on {endpoint} to answer 2xx or 3xx";

    public string LastProblem { get; private set; } = "not tried yet";

    public async ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ReplyTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, wait.Token).ConfigureAwait(false);
            var request = $"GET {path} HTTP/1.0\r\nHost: {endpoint}\r\nConnection: close\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, wait.Token).ConfigureAwait(false);
            var statusLine = await ReadStatusLineAsync(socket, wait.Token).ConfigureAwait(false);
            if (statusLine is null)
            {
                LastProblem = "the connection closed before a status line (nothing listens inside the container yet)";
                return false;
            }

            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                LastProblem = $"the reply is not HTTP: {TcpPortCheck.Quote(statusLine)}";
                return false;
            }

            LastProblem = $"status {statusLine[(parts[0].Length + 1)..]}";
            return status is >= 200 and < 400;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastProblem = $"no status line within {ReplyTimeout.TotalSeconds} s";
            return false;
        }
        catch (SocketException e)
        {
            LastProblem = e.SocketErrorCode == SocketError.ConnectionReset
                ? "the connection was reset (nothing listens inside the container yet)"
                : e.Message;
            return false;
        }
    }

    private static async Task<string?> ReadStatusLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[512];
        while (received.Count < 8192)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, count));
            var newline = received.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return Encoding.ASCII.GetString([.. received.Take(newline)]).TrimEnd('\r');
            }
        }

        return received.Count == 0 ? null : Encoding.ASCII.GetString([.. received]);
    }
}
