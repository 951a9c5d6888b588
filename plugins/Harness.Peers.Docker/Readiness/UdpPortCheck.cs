using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Peers.Docker.Readiness;

/// <summary>A published UDP port that answers a datagram: UDP has no connection to watch, so a reply is the only proof.</summary>
internal sealed class UdpPortCheck(IPEndPoint endpoint, string containerPort, string send) : IReadinessCheck
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    public string Description => $"port {containerPort} on {endpoint} to answer the datagram {TcpPortCheck.Quote(send)}";

    public string LastProblem { get; private set; } = "not tried yet";

    public async ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(send), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(ReplyTimeout);
            await socket.ReceiveAsync(new byte[65536], SocketFlags.None, wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LastProblem = $"no reply within {ReplyTimeout.TotalSeconds} s";
            return false;
        }
        catch (SocketException e)
        {
            LastProblem = e.SocketErrorCode == SocketError.ConnectionReset
                ? "port unreachable (nothing listens inside the container yet)"
                : e.Message;
            return false;
        }
    }
}
