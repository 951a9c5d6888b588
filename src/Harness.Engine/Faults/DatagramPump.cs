using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Faults;

/// <summary>
/// One direction of datagrams through the fault proxy: each datagram is lost, passed once or twice, held
/// back behind the next one, and delayed, by draws from a seeded generator, so a run can be repeated
/// exactly. Datagrams are never split or joined, and with jitter they may overtake each other, as on a network.
/// </summary>
internal sealed class DatagramPump(IDatagramConnection from, IDatagramConnection to, DirectionFaults faults, Random random, TimeProvider time, FaultLink link)
{
    /// <summary>How long a datagram held back for reordering waits for a successor before it passes anyway.</summary>
    public static readonly TimeSpan ReorderHold = TimeSpan.FromMilliseconds(250);

    /// <summary>Datagrams waiting out their latency at once; beyond this the proxy drops, as a full router queue does.</summary>
    private const int MaxInFlight = 4096;

    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];
    private byte[]? _held;
    private CancellationTokenSource? _holdTimer;

    public long Received { get; private set; }

    public long Dropped { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[from.MaxDatagramSize + 1];
        var pacer = new Pacer(faults.BytesPerSecond, time);
        try
        {
            while (true)
            {
                DatagramReceiveResult result;
                try
                {
                    result = await from.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (TransportException ex)
                {
                    // The peer's port is unreachable (an ICMP error): the harness's side learns it from the link.
                    link.Fail(ex);
                    return;
                }

                Received++;

                // Every draw is made for every datagram, in the same order, so one fault's setting never shifts another's choices.
                var dropped = random.NextDouble() < faults.Drop;
                var duplicated = random.NextDouble() < faults.Duplicate;
                var reordered = random.NextDouble() < faults.Reorder;
                var delay = faults.Latency + Jitter.Sample(faults.Jitter, random);
                if (faults.Stall || dropped)
                {
                    Dropped++;
                    continue;
                }

                var datagram = buffer.AsSpan(0, result.Length).ToArray();
                await pacer.WaitAsync(datagram.Length * (duplicated ? 2 : 1), cancellationToken).ConfigureAwait(false);
                if (reordered && TryHold(datagram, cancellationToken))
                {
                    continue;
                }

                var releasing = Release();
                await PassAsync(datagram, delay, cancellationToken).ConfigureAwait(false);
                if (duplicated)
                {
                    await PassAsync(datagram, delay, cancellationToken).ConfigureAwait(false);
                }

                if (releasing is not null)
                {
                    await PassAsync(releasing, delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Task[] pending;
            lock (_gate)
            {
                _holdTimer?.Cancel();
                _holdTimer?.Dispose();
                _holdTimer = null;
                pending = [.. _inFlight];
            }

            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Keeps <paramref name="datagram"/> back until the next one has passed, or <see cref="ReorderHold"/> has.</summary>
    private bool TryHold(byte[] datagram, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_held is not null)
            {
                return false; // one is held already: this one passes, and the held one after it
            }

            _held = datagram;
            _holdTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = _holdTimer;
            Track(HoldExpiresAsync(timer.Token));
            return true;
        }

        async Task HoldExpiresAsync(CancellationToken token)
        {
            try
            {
                await Task.Delay(ReorderHold, time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (Release() is { } late)
            {
                await SendAsync(late, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private byte[]? Release()
    {
        lock (_gate)
        {
            var held = _held;
            _held = null;
            _holdTimer?.Cancel();
            _holdTimer?.Dispose();
            _holdTimer = null;
            return held;
        }
    }

    /// <summary>Sends at once, in order, without latency; with it, each datagram waits on its own.</summary>
    private async Task PassAsync(byte[] datagram, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            await SendAsync(datagram, cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (_gate)
        {
            _inFlight.RemoveAll(task => task.IsCompleted);
            if (_inFlight.Count >= MaxInFlight)
            {
                Dropped++;
                return;
            }
        }

        Track(LaterAsync());

        async Task LaterAsync()
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            await SendAsync(datagram, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        lock (_gate)
        {
            _inFlight.Add(task);
        }
    }

    private async Task SendAsync(byte[] datagram, CancellationToken cancellationToken)
    {
        try
        {
            await to.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            link.Fail(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The link is closing: a datagram still on its way is lost, as one in flight on a network may be.
        }
    }
}
