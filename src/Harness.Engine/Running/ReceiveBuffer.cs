namespace Harness.Engine.Running;

/// <summary>
/// Bytes received on a stream and not yet consumed by an expectation. Expectations look at all of it
/// and say how much they used; the rest waits for the next one, because a receive has no boundaries.
/// </summary>
/// <remarks>
/// The buffer never holds more than <see cref="Limit"/> bytes, nor allocates more: a peer that floods
/// fills it to the limit and the expectation then fails, instead of the harness doubling its way past it.
/// </remarks>
internal sealed class ReceiveBuffer(int limit)
{
    private const int ReadSize = 4096;
    private const int LargeBuffer = 16 * 1024 * 1024;
    private byte[] _bytes = new byte[Math.Min(ReadSize, limit)];
    private int _start;
    private int _end;

    public int Limit { get; } = limit;

    public ReadOnlySpan<byte> Data => _bytes.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> DataMemory => _bytes.AsMemory(_start, _end - _start);

    public int Count => _end - _start;

    /// <summary>The bytes allocated, for tests: never more than <see cref="Limit"/>.</summary>
    internal int Capacity => _bytes.Length;

    /// <summary>Whether the buffer holds <see cref="Limit"/> bytes: no receive fits any more.</summary>
    public bool IsFull => Count >= Limit;

    /// <summary>
    /// Room for the next receive, compacting or growing as needed: at least <paramref name="atLeast"/> bytes, or
    /// what is left below <see cref="Limit"/> when that is less. Empty only when the buffer is full.
    /// </summary>
    public Memory<byte> FreeSpace(int atLeast = ReadSize)
    {
        var count = Count;
        var wanted = Math.Min(atLeast, Limit - count);
        if (_bytes.Length - _end >= wanted)
        {
            return Room();
        }

        if (_bytes.Length - count >= wanted)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, count);
        }
        else
        {
            // Growing fourfold keeps a large transfer's copying linear and leaves little garbage behind (a third of the
            // final size, where doubling leaves as much again); the limit caps the last step.
            var grown = new byte[(int)Math.Min(Limit, Math.Max(4L * _bytes.Length, (long)count + wanted))];
            Buffer.BlockCopy(_bytes, _start, grown, 0, count);
            _bytes = grown;
        }

        _start = 0;
        _end = count;
        return Room();
    }

    /// <summary>
    /// Lets go of the bytes: the connection is closed. A buffer that grew large (a bulk transfer, a flood up to the
    /// limit) is handed back to the GC at once, before the next scenario fills one of its own: left to its own pace,
    /// the GC lets several such buffers pile up before it collects the large-object heap. Once per 64 MiB let go,
    /// though, not once per buffer: a full collection stops every thread, and <c>harness load</c> may close a
    /// connection that moved 16 MiB on every iteration of every client.
    /// </summary>
    public void Release()
    {
        var released = _bytes.Length;
        _bytes = [];
        _start = _end = 0;
        if (released >= LargeBuffer && Interlocked.Add(ref _releasedSinceCollection, released) >= CollectAfterReleasing)
        {
            Interlocked.Exchange(ref _releasedSinceCollection, 0);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        }
    }

    private const long CollectAfterReleasing = 64L * 1024 * 1024;

    private static long _releasedSinceCollection;

    public void Advance(int received) => _end += received;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>The free space after the data, cut so that the data cannot pass <see cref="Limit"/>.</summary>
    private Memory<byte> Room() => _bytes.AsMemory(_end, Math.Min(_bytes.Length - _end, Limit - Count));
}
