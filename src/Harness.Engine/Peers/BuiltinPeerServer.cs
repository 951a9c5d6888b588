using System.Collections.Concurrent;
using System.Net;
using Harness.Abstractions;

namespace Harness.Engine.Peers;

/// <summary>
/// Runs a built-in behaviour behind a listener of any transport: accepts every client and serves each
/// on its own task, so one peer handles many clients at once. Disposing it stops it and waits for its clients.
/// </summary>
internal sealed class BuiltinPeerServer : IRunningPeer
{
    private readonly IListener _listener;
    private readonly IBuiltinPeerBehavior _behavior;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _clients = new();
    private readonly string _listening;

    // Bounded like a process peer's output: every client that resets adds a line, and a peer under
    // `harness serve` or `harness load` meets clients without end.
    private readonly Processes.OutputLog _log = new();
    private readonly Task _acceptLoop;

    private BuiltinPeerServer(IListener listener, IBuiltinPeerBehavior behavior, string peerName)
    {
        _listener = listener;
        _behavior = behavior;
        Variables = PeerVariables.For(listener.LocalEndPoint);
        _listening = $"{peerName}: listening on {Variables["endpoint"]}";
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stop.Token));
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>What this peer does; its state is this peer's alone.</summary>
    public IBuiltinPeerBehavior Behavior => _behavior;

    /// <summary>Whether the peer still accepts clients: its accept loop has not ended (it ends only when the peer is stopped).</summary>
    internal bool IsServing => !_acceptLoop.IsCompleted;

    /// <summary>How many clients the peer is serving now; a stream client's conversation ends soon after the client leaves.</summary>
    internal int ActiveClients => _clients.Count;

    /// <summary>
    /// How long a datagram client may send nothing before its conversation ends (it starts anew with its next
    /// datagram; a chat member then misses what was said meanwhile).
    /// </summary>
    internal TimeSpan DatagramIdleLimit { get; set; } = TimeSpan.FromMinutes(2);

    public static async Task<BuiltinPeerServer> StartAsync(
        ITransport transport, TransportAddress at, TransportOptions options, IBuiltinPeerBehavior behavior, string peerName, CancellationToken cancellationToken)
    {
        var listener = await transport.ListenAsync(at, options, cancellationToken).ConfigureAwait(false);
        return new BuiltinPeerServer(listener, behavior, peerName);
    }

    /// <summary>Where the peer listens, then the last lines of what happened to its clients.</summary>
    public ValueTask<string> ReadOutputAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_log.Text() is { Length: > 0 } lines ? _listening + "\n" + lines : _listening);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_clients.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static readonly TimeSpan AcceptRetryPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxAcceptRetryPause = TimeSpan.FromSeconds(1);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            IConnection connection;
            try
            {
                connection = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.Zero;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (TransportException ex)
            {
                // A failure that lasts (no file descriptors left, a listener whose socket died) would otherwise spin a
                // core and flood the log: wait longer after each one in a row, up to a second.
                pause = pause == TimeSpan.Zero ? AcceptRetryPause : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxAcceptRetryPause.Ticks));
                _log.Append($"accept failed: {ex.Message}; trying again in {Loading.Durations.Format(pause)}");
                try
                {
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var client = ServeAsync(connection, cancellationToken);
            _clients.TryAdd(client, true);
            _ = client.ContinueWith(t => _clients.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await (connection switch
                {
                    IStreamConnection stream => _behavior.ServeStreamAsync(stream, cancellationToken),
                    IDatagramConnection datagram => _behavior.ServeDatagramAsync(new IdleDatagramConnection(datagram, DatagramIdleLimit), cancellationToken),
                    _ => Task.CompletedTask,
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Stopping: the client's task ends quietly.
            }
            catch (TransportException ex)
            {
                // A client that resets or misbehaves ends only its own conversation.
                _log.Append($"client {connection.RemoteEndPoint}: {ex.Message}");
            }
        }
    }
}

/// <summary>The <c>${peers.NAME.*}</c> values of a peer listening at an endpoint.</summary>
internal static class PeerVariables
{
    public static Dictionary<string, string> For(EndPoint endPoint)
    {
        var (host, port) = endPoint switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            _ => (endPoint.ToString() ?? string.Empty, 0),
        };
        return For(host, port);
    }

    public static Dictionary<string, string> For(string host, int port)
    {
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["port"] = portText,
            ["endpoint"] = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portText}" : $"{host}:{portText}",
        };
    }
}
