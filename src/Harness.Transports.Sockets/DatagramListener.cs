using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>
/// A bound UDP socket that hands out one <see cref="IDatagramConnection"/> per remote endpoint that sends to it,
/// so that a server written for connections (the built-in echo peer) serves datagram clients unchanged. The
/// first datagram from a new endpoint is its connection's first received datagram.
/// </summary>
internal sealed class DatagramListener : IListener
{
    private readonly Socket _socket;
    private readonly string _scheme;
    private readonly Channel<IConnection> _accepted = Channel.CreateUnbounded<IConnection>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly ConcurrentDictionary<EndPoint, DatagramPeerConnection> _peers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;

    public DatagramListener(Socket socket, string scheme)
    {
        _socket = socket;
        _scheme = scheme;
        LocalEndPoint = socket.LocalEndPoint!;
        MaxDatagramSize = Datagrams.MaxPayload(socket.AddressFamily);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token));
    }

    public EndPoint LocalEndPoint { get; }

    internal int MaxDatagramSize { get; }

    public async ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw (Exception?)(ex.InnerException as TransportException) ?? new ObjectDisposedException(nameof(DatagramListener), "the listener is closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    internal async ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, EndPoint to, CancellationToken cancellationToken)
    {
        Datagrams.EnsureFits(datagram, MaxDatagramSize, _scheme);
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"send to {to}", TransportKind.Datagram);
        }
    }

    internal void Forget(DatagramPeerConnection peer) => _peers.TryRemove(new KeyValuePair<EndPoint, DatagramPeerConnection>(peer.RemoteEndPoint, peer));

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[Datagrams.ReceiveBufferSize];
        EndPoint anySource = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        Exception? failure = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anySource, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // Some systems report an ICMP error for an earlier reply on the shared socket: one client's problem, not the listener's.
                    continue;
                }

                var from = result.RemoteEndPoint;
                var datagram = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
                if (!_peers.TryGetValue(from, out var peer))
                {
                    peer = new DatagramPeerConnection(this, from);
                    _peers[from] = peer;
                    _accepted.Writer.TryWrite(peer);
                }

                peer.Deliver(datagram);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped.
        }
        catch (SocketException ex)
        {
            failure = SocketErrors.Translate(ex, $"receive on {LocalEndPoint}", TransportKind.Datagram);
        }
        finally
        {
            _accepted.Writer.TryComplete(failure);
            foreach (var peer in _peers.Values)
            {
                peer.Complete(failure);
            }
        }
    }
}
