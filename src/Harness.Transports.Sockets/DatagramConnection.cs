using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>
/// A UDP client socket. Connected (the default), it exchanges with one remote endpoint only and learns of an
/// ICMP port unreachable as ECONNREFUSED; unconnected, it sends to the remote endpoint and receives from
/// anyone, reporting where each datagram came from.
/// </summary>
internal sealed class DatagramConnection : IDatagramConnection
{
    private readonly Socket _socket;
    private readonly string _scheme;
    private readonly bool _connected;
    private readonly EndPoint _anySource;
    private readonly byte[] _received = new byte[Datagrams.ReceiveBufferSize];

    public DatagramConnection(Socket socket, string scheme, IPEndPoint remote, bool connected)
    {
        _socket = socket;
        _scheme = scheme;
        _connected = connected;
        _anySource = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        RemoteEndPoint = remote;
        LocalEndPoint = socket.LocalEndPoint!;
        MaxDatagramSize = Datagrams.MaxPayload(socket.AddressFamily);
    }

    public TransportKind Kind => TransportKind.Datagram;

    public EndPoint LocalEndPoint { get; }

    public EndPoint RemoteEndPoint { get; }

    public int MaxDatagramSize { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        Datagrams.EnsureFits(datagram, MaxDatagramSize, _scheme);
        try
        {
            _ = _connected
                ? await _socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false)
                : await _socket.SendToAsync(datagram, SocketFlags.None, RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"send to {RemoteEndPoint}", TransportKind.Datagram);
        }
    }

    /// <remarks>One receive at a time: the datagram passes through one internal buffer.</remarks>
    public async ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            int length;
            EndPoint from;
            if (_connected)
            {
                length = await _socket.ReceiveAsync(_received, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                from = RemoteEndPoint;
            }
            else
            {
                var result = await _socket.ReceiveFromAsync(_received, SocketFlags.None, _anySource, cancellationToken).ConfigureAwait(false);
                (length, from) = (result.ReceivedBytes, result.RemoteEndPoint);
            }

            var (copied, truncated) = Datagrams.CopyOut(_received.AsSpan(0, length), buffer);
            return new DatagramReceiveResult(copied, from, truncated);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"receive from {RemoteEndPoint}", TransportKind.Datagram);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
