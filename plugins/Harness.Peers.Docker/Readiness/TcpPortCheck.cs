using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Peers.Docker.Readiness;

/// <summary>
/// A published TCP port that answers. The engine's proxy accepts a connection on a published
/// port before anything listens inside the container, so a bare connect proves nothing: with
/// bytes to send, any reply means ready; without, the connection must stay open for a moment
/// (the proxy closes it at once when the port inside is closed). That second form cannot tell a
/// slow-starting server from a ready one: combine it with a log or http check for a guarantee.
/// </summary>
internal sealed class TcpPortCheck(IPEndPoint endpoint, string containerPort, string? send) : IReadinessCheck
{
    /// <summary>How long the connection must stay open without a send; the proxy's close comes in milliseconds.</summary>
    private static readonly TimeSpan HoldOpen = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    public string Description => send is null
        ? $"port {containerPort} on {endpoint} to accept a connection and keep it open"
        : $"port {containerPort} on {endpoint} to reply to {Quote(send)}";

    public string LastProblem { get; private set; } = "not tried yet";

    public async ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            if (send is not null)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(send), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(send is null ? HoldOpen : ReplyTimeout);
            var buffer = new byte[256];
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LastProblem = "no reply within " + ReplyTimeout.TotalSeconds + " s";
                return send is null;
            }

            if (received == 0)
            {
                LastProblem = "the connection was closed at once (nothing listens inside the container yet)";
                return false;
            }

            return true;
        }
        catch (SocketException e)
        {
            LastProblem = e.SocketErrorCode == SocketError.ConnectionReset
                ? "the connection was reset (nothing listens inside the container yet)"
                : e.Message;
            return false;
        }
    }

    internal static string Quote(string text) =>
        "\"" + text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
