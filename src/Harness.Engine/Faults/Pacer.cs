namespace Harness.Engine.Faults;

/// <summary>
/// Holds bytes back to a rate: sending n bytes takes n / rate seconds of the link, so a burst after a
/// quiet spell still trickles out at the rate instead of passing at once.
/// </summary>
internal sealed class Pacer(long? bytesPerSecond, TimeProvider time)
{
    private long _nextFree = time.GetTimestamp();

    /// <summary>How many bytes to hand on at a time: about 20 ms of the rate, so the flow is smooth rather than bursty.</summary>
    public int SliceSize(int fallback) => bytesPerSecond is { } rate ? (int)Math.Clamp(rate / 50, 1, fallback) : fallback;

    /// <summary>Waits until <paramref name="count"/> more bytes may pass.</summary>
    public async Task WaitAsync(int count, CancellationToken cancellationToken)
    {
        if (bytesPerSecond is not { } rate)
        {
            return;
        }

        var now = time.GetTimestamp();
        var start = Math.Max(now, _nextFree);
        _nextFree = start + (long)((double)count / rate * time.TimestampFrequency);
        var wait = time.GetElapsedTime(now, _nextFree);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the timestamp <paramref name="due"/>.</summary>
    public static async Task UntilAsync(long due, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = time.GetElapsedTime(time.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
