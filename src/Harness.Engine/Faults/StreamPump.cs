using System.Threading.Channels;
using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Faults;

/// <summary>
/// One direction of a stream through the fault proxy. A reader takes bytes as they arrive and stamps each
/// piece with when it may pass (latency, jitter); a writer hands them on when due, split into chunks and
/// paced to the bandwidth. Two loops, so that latency delays every piece by the same amount instead of
/// adding up while the reader waits.
/// </summary>
internal sealed class StreamPump(IStreamConnection from, IStreamConnection to, DirectionFaults faults, Random random, TimeProvider time, FaultLink link)
{
    private const int ReadSize = 64 * 1024;

    /// <summary>At most this many pieces wait at once (64 KiB each at most), so a fast sender meets back-pressure, not unbounded memory.</summary>
    private readonly Channel<Piece> _pieces = Channel.CreateBounded<Piece>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reading = ReadAsync(cancellationToken);
        var writing = WriteAsync(cancellationToken);
        await Task.WhenAll(reading, writing).ConfigureAwait(false);
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadSize];
        long passed = 0;
        var cut = CutByBytes();
        var lastDue = 0L;
        try
        {
            if (cut is { Bytes: 0 } atOnce)
            {
                await _pieces.Writer.WriteAsync(Piece.Cutting(atOnce.Kind), cancellationToken).ConfigureAwait(false);
                return;
            }

            while (true)
            {
                int received;
                try
                {
                    received = await from.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (TransportException) when (!link.IsCut)
                {
                    // The sender reset its side: so does the proxy, on the other, as a plain wire would.
                    link.Abort();
                    return;
                }

                if (received == 0)
                {
                    return; // end of stream: the writer half-closes the other side once everything before it is out
                }

                var take = cut is { } c ? (int)Math.Min(received, c.Bytes - passed) : received;
                passed += take;
                if (!faults.Stall && take > 0)
                {
                    // A stream keeps its order, so a piece never overtakes the one before it, whatever the jitter.
                    lastDue = Math.Max(lastDue, Due());
                    await _pieces.Writer.WriteAsync(new Piece(buffer.AsSpan(0, take).ToArray(), lastDue, null), cancellationToken).ConfigureAwait(false);
                }

                if (cut is { } reached && passed >= reached.Bytes)
                {
                    await _pieces.Writer.WriteAsync(Piece.Cutting(reached.Kind, lastDue), cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            _pieces.Writer.TryComplete();
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var pacer = new Pacer(faults.BytesPerSecond, time);
        var chunked = false;
        await foreach (var piece in _pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await Pacer.UntilAsync(piece.Due, time, cancellationToken).ConfigureAwait(false);
            if (piece.Cut is { } kind)
            {
                await link.CutAsync(kind).ConfigureAwait(false);
                return;
            }

            var size = faults.Chunk ?? pacer.SliceSize(piece.Bytes.Length);
            for (var offset = 0; offset < piece.Bytes.Length; offset += size)
            {
                if (faults.Chunk is not null && chunked)
                {
                    // Apart in time, so that each chunk reaches the peer's receive on its own.
                    await Task.Delay(faults.ChunkDelay, time, cancellationToken).ConfigureAwait(false);
                }

                var slice = piece.Bytes.AsMemory(offset, Math.Min(size, piece.Bytes.Length - offset));
                await pacer.WaitAsync(slice.Length, cancellationToken).ConfigureAwait(false);
                if (!await SendAsync(slice, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                chunked = true;
            }
        }

        try
        {
            await to.ShutdownSendAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransportException or ObjectDisposedException)
        {
            // The other side is gone already; nothing is left to tell it.
        }
    }

    private async Task<bool> SendAsync(ReadOnlyMemory<byte> slice, CancellationToken cancellationToken)
    {
        try
        {
            await to.SendAsync(slice, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when ((ex is TransportException or ObjectDisposedException) && !link.IsCut)
        {
            link.Abort();
            return false;
        }
    }

    private long Due()
    {
        var delay = faults.Latency + Jitter.Sample(faults.Jitter, random);
        return time.GetTimestamp() + (delay > TimeSpan.Zero ? (long)(delay.TotalSeconds * time.TimestampFrequency) : 0);
    }

    /// <summary>The cut this direction's byte count triggers, if any (a reset wins over a close at the same count).</summary>
    private (long Bytes, CutKind Kind)? CutByBytes()
    {
        var close = faults.CloseAfter?.Bytes;
        var reset = faults.ResetAfter?.Bytes;
        return (close, reset) switch
        {
            (null, null) => null,
            (null, { } r) => (r, CutKind.Reset),
            ({ } c, null) => (c, CutKind.Close),
            ({ } c, { } r) => r <= c ? (r, CutKind.Reset) : (c, CutKind.Close),
        };
    }

    private sealed record Piece(byte[] Bytes, long Due, CutKind? Cut)
    {
        public static Piece Cutting(CutKind kind, long due = 0) => new([], due, kind);
    }
}
