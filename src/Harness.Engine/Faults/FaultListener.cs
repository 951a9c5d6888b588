using System.Collections.Concurrent;
using System.Net;
using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Faults;

/// <summary>
/// A <c>listen</c> through the fault proxy: the proxy listens where the scenario said (the client under test
/// connects there), the harness's own listener on a free loopback port, and each client the proxy accepts is
/// joined, through a <see cref="FaultLink"/>, to a connection of the proxy's to the harness's listener. The
/// harness accepts that connection, which names the client as its remote end.
/// </summary>
internal sealed class FaultListener : IListener
{
    private readonly ITransport _transport;
    private readonly IListener _proxy;
    private readonly IListener _own;
    private readonly FaultPlan _faults;
    private readonly int _seed;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();

    // The proxy's connection to the harness's listener, by its local port: how the harness's accepted side finds its link.
    private readonly ConcurrentDictionary<int, TaskCompletionSource<FaultLink>> _links = new();
    private readonly ConcurrentBag<FaultLink> _all = [];
    private readonly Task _accepting;

    private FaultListener(ITransport transport, IListener proxy, IListener own, FaultPlan faults, int seed, TimeProvider time)
    {
        _transport = transport;
        _proxy = proxy;
        _own = own;
        _faults = faults;
        _seed = seed;
        _time = time;
        _accepting = Task.Run(() => AcceptClientsAsync(_stop.Token));
    }

    /// <summary>Where clients connect: the address the scenario asked for, bound by the proxy.</summary>
    public EndPoint LocalEndPoint => _proxy.LocalEndPoint;

    public static async Task<FaultListener> StartAsync(
        ITransport transport, TransportAddress local, TransportOptions options, FaultPlan faults, int seed, TimeProvider time, CancellationToken cancellationToken)
    {
        var proxy = await transport.ListenAsync(local, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var own = await EndPoints.ListenOnLoopbackAsync(transport, local.Scheme, proxy.LocalEndPoint, cancellationToken).ConfigureAwait(false);
            return new FaultListener(transport, proxy, own, faults, seed, time);
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        var own = await _own.AcceptAsync(cancellationToken).ConfigureAwait(false);
        var port = EndPoints.Port(own.RemoteEndPoint);
        var link = await Slot(port).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _links.TryRemove(port, out _);
        return own switch
        {
            IStreamConnection stream => new ProxiedStreamConnection(stream, link),
            IDatagramConnection datagram => new ProxiedDatagramConnection(datagram, link),
            _ => throw new InvalidOperationException($"transport {_transport.Scheme} accepted a connection that is neither a stream nor datagrams"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _proxy.DisposeAsync().ConfigureAwait(false);
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var link in _all)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }

        await _own.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptClientsAsync(CancellationToken cancellationToken)
    {
        var ownAddress = new TransportAddress(_transport.Scheme, EndPoints.Host(_own.LocalEndPoint), EndPoints.Port(_own.LocalEndPoint));
        var ordinal = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            IConnection client;
            try
            {
                client = await _proxy.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or TransportException)
            {
                return; // stopped, or the proxy's listener failed: the harness's accept step then times out and says so
            }

            IConnection toHarness;
            try
            {
                toHarness = await _transport.ConnectAsync(ownAddress, TransportOptions.None, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TransportException)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            // Each client draws its own random choices, all of them fixed by the seed.
            var link = FaultLink.Join(toHarness, client, _faults, unchecked(_seed + (ordinal++ * 7919)), _time);
            _all.Add(link);
            Slot(EndPoints.Port(toHarness.LocalEndPoint)).TrySetResult(link);
        }
    }

    private TaskCompletionSource<FaultLink> Slot(int port) =>
        _links.GetOrAdd(port, _ => new TaskCompletionSource<FaultLink>(TaskCreationOptions.RunContinuationsAsynchronously));
}
