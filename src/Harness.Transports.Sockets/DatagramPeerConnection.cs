using System.Net;
using System.Threading.Channels;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>The datagrams one remote endpoint sends to a <see cref="DatagramListener"/>, and the way back to it.</summary>
internal sealed class DatagramPeerConnection(DatagramListener listener, EndPoint remote) : IDatagramConnection
{
    // UDP may drop: a client that floods a slow reader loses datagrams rather than the harness growing without bound.
    private readonly Channel<byte[]> _inbox = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = true });

    public TransportKind Kind => TransportKind.Datagram;

    public EndPoint LocalEndPoint => listener.LocalEndPoint;

    public EndPoint RemoteEndPoint { get; } = remote;

    public int MaxDatagramSize => listener.MaxDatagramSize;

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) =>
        listener.SendToAsync(datagram, RemoteEndPoint, cancellationToken);

    public async ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        byte[] datagram;
        try
        {
            datagram = await _inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw (Exception?)(ex.InnerException as TransportException) ?? new ObjectDisposedException(nameof(DatagramPeerConnection), "the listener is closed");
        }

        var (length, truncated) = Datagrams.CopyOut(datagram, buffer);
        return new DatagramReceiveResult(length, RemoteEndPoint, truncated);
    }

    public ValueTask DisposeAsync()
    {
        listener.Forget(this);
        _inbox.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    internal void Deliver(byte[] datagram) => _inbox.Writer.TryWrite(datagram);

    internal void Complete(Exception? failure) => _inbox.Writer.TryComplete(failure);
}
