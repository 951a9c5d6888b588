using System.Net;
using Harness.Abstractions;

namespace Harness.Engine.Faults;

/// <summary>
/// The harness's side of datagrams through the fault proxy: every datagram seems to come from the peer (so
/// <c>from:</c> checks still hold), and an error the proxy meets on the peer's side (ICMP port unreachable)
/// is reported here, where the harness would have met it without faults.
/// </summary>
internal sealed class ProxiedDatagramConnection(IDatagramConnection inner, FaultLink link) : IDatagramConnection
{
    public TransportKind Kind => TransportKind.Datagram;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public EndPoint RemoteEndPoint => link.PeerEndPoint;

    public int MaxDatagramSize => inner.MaxDatagramSize;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        await inner.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, link.Failed);
        try
        {
            var result = await inner.ReceiveAsync(buffer, either.Token).ConfigureAwait(false);
            return result with { From = FromPeer(result.From) };
        }
        catch (OperationCanceledException) when (link.Failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw EndPoints.Translate(link.Failure!, inner.RemoteEndPoint, link);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await link.CloseAsync().ConfigureAwait(false);
    }

    private EndPoint FromPeer(EndPoint from) =>
        from is IPEndPoint ip && inner.RemoteEndPoint is IPEndPoint proxy && ip.Port == proxy.Port ? link.PeerEndPoint : from;

    private void ThrowIfFailed()
    {
        if (link.Failure is { } failure)
        {
            throw EndPoints.Translate(failure, inner.RemoteEndPoint, link);
        }
    }
}
