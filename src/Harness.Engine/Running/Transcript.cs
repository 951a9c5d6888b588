namespace Harness.Engine.Running;

public enum Direction
{
    Sent,
    Received,
}

/// <summary>Bytes that crossed a connection, for the failure story.</summary>
public sealed record TranscriptEntry(TimeSpan At, string Connection, Direction Direction, ReadOnlyMemory<byte> Bytes);

/// <summary>The last bytes each way, bounded so that a long or bulk conversation costs little memory.</summary>
internal sealed class Transcript(TimeProvider time, long startedAt)
{
    private const int MaxEntries = 32;
    private const int MaxBytesPerEntry = 512;
    private readonly Queue<TranscriptEntry> _entries = new();

    public void Record(string connection, Direction direction, ReadOnlySpan<byte> bytes)
    {
        if (_entries.Count == MaxEntries)
        {
            _entries.Dequeue();
        }

        var kept = bytes.Length <= MaxBytesPerEntry ? bytes : bytes[^MaxBytesPerEntry..];
        _entries.Enqueue(new TranscriptEntry(time.GetElapsedTime(startedAt), connection, direction, kept.ToArray()));
    }

    public IReadOnlyList<TranscriptEntry> Entries => [.. _entries];
}
