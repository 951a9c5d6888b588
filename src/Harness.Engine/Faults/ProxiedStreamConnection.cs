using System.Net;
using Harness.Abstractions;

namespace Harness.Engine.Faults;

/// <summary>The harness's side of a stream through the fault proxy: it speaks of the peer, not the proxy, and closing it closes its link.</summary>
internal sealed class ProxiedStreamConnection(IStreamConnection inner, FaultLink link) : IStreamConnection
{
    public TransportKind Kind => TransportKind.Stream;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public EndPoint RemoteEndPoint => link.PeerEndPoint;

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw EndPoints.Translate(ex, inner.RemoteEndPoint, link);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await inner.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw EndPoints.Translate(ex, inner.RemoteEndPoint, link);
        }
    }

    public async ValueTask ShutdownSendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.ShutdownSendAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw EndPoints.Translate(ex, inner.RemoteEndPoint, link);
        }
    }

    public void Abort() => inner.Abort();

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await link.CloseAsync().ConfigureAwait(false);
    }
}
