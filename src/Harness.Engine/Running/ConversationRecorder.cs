using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>Records one client's <see cref="Conversation"/>, within its <see cref="RecordingLimits"/>. One client is one task: no locking.</summary>
internal sealed class ConversationRecorder(TimeProvider time, long startedAt, RecordingLimits limits)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow() - time.GetElapsedTime(startedAt);
    private readonly List<ConversationConnection> _connections = [];
    private readonly List<ConversationEvent> _events = [];
    private long _bytesKept;
    private long _eventsLeftOut;
    private long _bytesLeftOut;

    /// <summary>Adds a connection just opened and returns its id.</summary>
    public int Opened(string name, string scheme, IConnection connection, string? listener, Step? step)
    {
        var id = _connections.Count;
        _connections.Add(new ConversationConnection(id, name, scheme, connection.Kind, connection.LocalEndPoint, connection.RemoteEndPoint, listener));
        Add(ConversationEventKind.Opened, id, ReadOnlySpan<byte>.Empty, step);
        return id;
    }

    public void Add(ConversationEventKind kind, int connectionId, ReadOnlySpan<byte> bytes, Step? step)
    {
        // Opens and closes are always kept while there is room for events: a diagram without them would not make sense.
        if (_events.Count >= limits.MaxEvents || (bytes.Length > 0 && _bytesKept >= limits.MaxBytes))
        {
            _eventsLeftOut++;
            _bytesLeftOut += bytes.Length;
            return;
        }

        var room = (int)Math.Min(limits.MaxBytesPerEvent, limits.MaxBytes - _bytesKept);
        var kept = bytes.Length <= room ? bytes : bytes[..room];
        _bytesKept += kept.Length;
        _bytesLeftOut += bytes.Length - kept.Length;
        _events.Add(new ConversationEvent(time.GetElapsedTime(startedAt), kind, connectionId, kept.ToArray(), step) { Length = bytes.Length });
    }

    public Conversation Build() => new(_startedAt, [.. _connections], [.. _events])
    {
        EventsLeftOut = _eventsLeftOut,
        BytesLeftOut = _bytesLeftOut,
    };
}
