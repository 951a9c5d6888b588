using System.Net;
using Harness.Abstractions;

namespace Harness.Engine.Peers;

/// <summary>
/// A datagram client of a built-in peer that is forgotten once it has sent nothing for a while. UDP has no close,
/// so without this every source address a peer ever heard from (each run of a client program takes a new port)
/// would keep its conversation, and its buffers, until the peer stops.
/// </summary>
internal sealed class IdleDatagramConnection(IDatagramConnection inner, TimeSpan idleLimit) : IDatagramConnection
{
    public TransportKind Kind => TransportKind.Datagram;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public int MaxDatagramSize => inner.MaxDatagramSize;

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) => inner.SendAsync(datagram, cancellationToken);

    /// <exception cref="OperationCanceledException">Nothing arrived within the idle limit: the conversation is over.</exception>
    public async ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleLimit);
        return await inner.ReceiveAsync(buffer, idle.Token).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
