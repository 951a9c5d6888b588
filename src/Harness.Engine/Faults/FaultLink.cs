using System.Net;
using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Faults;

internal enum CutKind
{
    Close,
    Reset,
}

/// <summary>
/// One connection through the fault proxy: the proxy's side facing the harness, its side facing the peer,
/// and a pump each way. The bytes cross real sockets, so a chunked write reaches the other end as separate
/// receives, exactly as a slow network would deliver it. For a <c>connect</c> the link has a loopback listener
/// of its own, where the harness's side connects; for a <c>listen</c> (see <see cref="FaultListener"/>) both
/// sides are open when the link starts.
/// </summary>
internal sealed class FaultLink : IAsyncDisposable
{
    /// <summary>How long a close waits for what the harness sent to finish its way to the peer (latency, bandwidth).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private readonly IListener? _ownListener;
    private readonly IConnection _peerSide;
    private readonly FaultPlan _faults;
    private readonly int _seed;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _failed = new();
    private readonly TaskCompletionSource _sendDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _run;
    private IConnection? _harnessSide;
    private int _cut;
    private int _disposed;

    private FaultLink(IListener? ownListener, IConnection? harnessSide, IConnection peerSide, FaultPlan faults, int seed, TimeProvider time)
    {
        _ownListener = ownListener;
        _harnessSide = harnessSide;
        _peerSide = peerSide;
        _faults = faults;
        _seed = seed;
        _time = time;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Where the harness's side connects, for a link of a <c>connect</c>.</summary>
    public EndPoint? ListenerEndPoint => _ownListener?.LocalEndPoint;

    /// <summary>The peer (the server connected to, or the client accepted), as the proxy's side facing it sees it.</summary>
    public EndPoint PeerEndPoint => _peerSide.RemoteEndPoint;

    public bool IsCut => Volatile.Read(ref _cut) != 0;

    /// <summary>Why the link failed (the peer's port unreachable, say), for the harness's side to report.</summary>
    public TransportException? Failure { get; private set; }

    /// <summary>Cancelled when <see cref="Failure"/> is set.</summary>
    public CancellationToken Failed => _failed.Token;

    /// <summary>
    /// For a <c>connect</c>: connects to the peer first, so that a refused connection is reported as it would be
    /// without faults; then listens on loopback for the harness's side.
    /// </summary>
    public static async Task<FaultLink> OpenAsync(
        ITransport transport, TransportAddress remote, TransportOptions options, FaultPlan faults, int seed, TimeProvider time, CancellationToken cancellationToken)
    {
        var peerSide = await transport.ConnectAsync(remote, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var listener = await EndPoints.ListenOnLoopbackAsync(transport, remote.Scheme, peerSide.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            return new FaultLink(listener, null, peerSide, faults, seed, time);
        }
        catch
        {
            await peerSide.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>For a <c>listen</c>: joins a client the proxy accepted to the proxy's connection to the harness's own listener.</summary>
    public static FaultLink Join(IConnection harnessSide, IConnection peerSide, FaultPlan faults, int seed, TimeProvider time) =>
        new(null, harnessSide, peerSide, faults, seed, time);

    public void Fail(TransportException failure)
    {
        if (Failure is null && !IsCut)
        {
            Failure = failure;
            _failed.Cancel();
        }
    }

    /// <summary>Resets both sides, as the wire does when one end resets.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _cut, 1) == 0)
        {
            AbortBoth();
        }
    }

    /// <summary>
    /// A fault's cut: a reset of both sides, or an orderly close. The close sends both ends of the stream
    /// first and stops the pumps; the sockets are closed only once no receive is pending on them, because
    /// closing a socket under a pending receive makes the system answer with a reset instead.
    /// </summary>
    public async Task CutAsync(CutKind kind)
    {
        if (Interlocked.Exchange(ref _cut, 1) != 0)
        {
            return;
        }

        if (kind == CutKind.Reset)
        {
            AbortBoth();
            return;
        }

        await ShutdownAsync(_harnessSide).ConfigureAwait(false);
        await ShutdownAsync(_peerSide).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the link once the harness has closed its side: what the harness sent before is still on its way
    /// (latency, bandwidth), so it is let through first, for up to 2 s.
    /// </summary>
    public async ValueTask CloseAsync()
    {
        await _sendDone.Task.WaitAsync(DrainLimit, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the link at once; the harness's side and, for a listen, the listener that made it may both ask.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseSideAsync(_harnessSide).ConfigureAwait(false);
        await CloseSideAsync(_peerSide).ConfigureAwait(false);
        if (_ownListener is not null)
        {
            await _ownListener.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _failed.Dispose();
    }

    private async Task RunAsync()
    {
        var cancellationToken = _stop.Token;
        try
        {
            _harnessSide ??= await _ownListener!.AcceptAsync(cancellationToken).ConfigureAwait(false);
            using var timersStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timers = CutTimersAsync(timersStop.Token);
            var (send, receive) = (_harnessSide, _peerSide) switch
            {
                (IStreamConnection harness, IStreamConnection peer) => (
                    new StreamPump(harness, peer, _faults.Send, Random(0), _time, this).RunAsync(cancellationToken),
                    new StreamPump(peer, harness, _faults.Receive, Random(1), _time, this).RunAsync(cancellationToken)),
                (IDatagramConnection harness, IDatagramConnection peer) => (
                    new DatagramPump(harness, peer, _faults.Send, Random(0), _time, this).RunAsync(cancellationToken),
                    new DatagramPump(peer, harness, _faults.Receive, Random(1), _time, this).RunAsync(cancellationToken)),
                _ => throw new InvalidOperationException("the proxy's two sides are of different kinds"),
            };
            if (_harnessSide is IDatagramConnection)
            {
                _sendDone.TrySetResult(); // datagrams have no end of stream to drain to; one still in flight at a close is lost
            }

            await Task.WhenAll(SentAsync(send), Ended(receive)).ConfigureAwait(false);
            await timersStop.CancelAsync().ConfigureAwait(false); // both ways have ended: nothing is left to cut
            await timers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or TransportException)
        {
            // Stopped, or the listener failed with the harness's side never connected: nothing is left to carry.
        }
        finally
        {
            _sendDone.TrySetResult();

            // Both pumps are done, so no receive is pending: closing now sends an end of stream, not a reset.
            await CloseSideAsync(_harnessSide).ConfigureAwait(false);
            await CloseSideAsync(_peerSide).ConfigureAwait(false);
        }
    }

    private async Task SentAsync(Task send)
    {
        await Ended(send).ConfigureAwait(false);
        _sendDone.TrySetResult();
    }

    /// <summary>Waits for a pump; its failures once the link is cut or stopping are the cut itself, not news.</summary>
    private async Task Ended(Task pump)
    {
        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or TransportException)
        {
            if (!IsCut && !_stop.IsCancellationRequested)
            {
                Abort();
            }
        }
    }

    /// <summary>Cuts made by time (<c>close_after: 2s</c>), counted from when the harness's side connected.</summary>
    private async Task CutTimersAsync(CancellationToken cancellationToken)
    {
        var cuts = new[] { (_faults.Send.ResetAfter?.After, CutKind.Reset), (_faults.Receive.ResetAfter?.After, CutKind.Reset),
                           (_faults.Send.CloseAfter?.After, CutKind.Close), (_faults.Receive.CloseAfter?.After, CutKind.Close) }
            .Where(cut => cut.After is not null)
            .OrderBy(cut => cut.After)
            .ToList();
        if (cuts.Count == 0)
        {
            return;
        }

        await Task.Delay(cuts[0].After!.Value, _time, cancellationToken).ConfigureAwait(false);
        await CutAsync(cuts[0].Item2).ConfigureAwait(false);
    }

    /// <summary>Each direction draws from its own generator, so the choices one way never depend on the traffic the other way.</summary>
    private Random Random(int direction) => new(unchecked((_seed * 31) + direction));

    private void AbortBoth()
    {
        (_harnessSide as IStreamConnection)?.Abort();
        (_peerSide as IStreamConnection)?.Abort();
    }

    private static async Task ShutdownAsync(IConnection? connection)
    {
        try
        {
            if (connection is IStreamConnection stream)
            {
                await stream.ShutdownSendAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is TransportException or ObjectDisposedException)
        {
            // That side is gone already.
        }
    }

    private static async Task CloseSideAsync(IConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
