namespace Harness.Engine.Running;

/// <summary>
/// Bytes received on a stream and not yet consumed by an expectation. Expectations look at all of it
/// and say how much they used; the rest waits for the next one, because a receive has no boundaries.
/// </summary>
internal sealed class ReceiveBuffer(int limit)
{
    private byte[] _bytes = new byte[4096];
    private int _start;
    private int _end;

    public int Limit { get; } = limit;

    public ReadOnlySpan<byte> Data => _bytes.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> DataMemory => _bytes.AsMemory(_start, _end - _start);

    public int Count => _end - _start;

    /// <summary>Room for the next receive, compacting or growing as needed (never past <see cref="Limit"/> plus one read).</summary>
    public Memory<byte> FreeSpace(int atLeast = 4096)
    {
        if (_bytes.Length - _end >= atLeast)
        {
            return _bytes.AsMemory(_end);
        }

        var count = Count;
        if (_bytes.Length - count >= atLeast && _start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, count);
        }
        else
        {
            var grown = new byte[Math.Max(_bytes.Length * 2, count + atLeast)];
            Buffer.BlockCopy(_bytes, _start, grown, 0, count);
            _bytes = grown;
        }

        _start = 0;
        _end = count;
        return _bytes.AsMemory(_end);
    }

    public void Advance(int received) => _end += received;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }
}
