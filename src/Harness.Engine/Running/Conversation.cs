using System.Net;
using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>What one event of a recorded conversation is.</summary>
public enum ConversationEventKind
{
    /// <summary>The harness connected, or accepted a client on a listener.</summary>
    Opened,

    /// <summary>The harness sent bytes (one write on a stream, one datagram).</summary>
    Sent,

    /// <summary>Bytes arrived (one receive on a stream, which is not one message; one datagram).</summary>
    Received,

    /// <summary>The peer closed its sending side (a stream receive returned 0).</summary>
    PeerClosed,

    /// <summary>The harness closed the connection (a <c>close</c> step, or the end of the scenario).</summary>
    Closed,
}

/// <summary>One connection of a recorded conversation, named as the scenario names it.</summary>
/// <param name="Id">Its number in the conversation, from 0; a name reused after a close gets a new id.</param>
/// <param name="Name">The scenario's name for it (<c>default</c> when unnamed).</param>
/// <param name="Scheme">The transport, such as <c>tcp</c>.</param>
/// <param name="Kind">Stream or datagram.</param>
/// <param name="Local">The harness's end, with the port the system chose.</param>
/// <param name="Remote">The peer's end: the real peer, also when a fault proxy sits between.</param>
/// <param name="Listener">The listener it was accepted on, or null when the harness connected.</param>
public sealed record ConversationConnection(
    int Id, string Name, string Scheme, TransportKind Kind, EndPoint Local, EndPoint Remote, string? Listener);

/// <summary>One thing that happened on a connection.</summary>
/// <param name="At">When, since the client started.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ConnectionId">The <see cref="ConversationConnection.Id"/> it happened on.</param>
/// <param name="Bytes">What crossed (empty for opens and closes); at most the recorder's per-event limit.</param>
/// <param name="Step">The step that was running (the innermost one of a <c>repeat</c>).</param>
public sealed record ConversationEvent(TimeSpan At, ConversationEventKind Kind, int ConnectionId, ReadOnlyMemory<byte> Bytes, Step? Step)
{
    /// <summary>How many bytes crossed: more than <see cref="Bytes"/> holds when the event was cut to the limit.</summary>
    public long Length { get; init; } = Bytes.Length;
}

/// <summary>
/// Everything a client of a scenario said and heard, for reports that draw it (HTML) or replay it (pcap). Only
/// recorded when a reporter asks (<see cref="RunSettings.Recording"/>), and bounded by <see cref="RecordingLimits"/>.
/// </summary>
/// <param name="StartedAt">The wall-clock time of <see cref="ConversationEvent.At"/> zero.</param>
/// <param name="Connections">Every connection opened, in order.</param>
/// <param name="Events">Every event, in order, up to the limits.</param>
public sealed record Conversation(DateTimeOffset StartedAt, IReadOnlyList<ConversationConnection> Connections, IReadOnlyList<ConversationEvent> Events)
{
    /// <summary>Events left out once <see cref="RecordingLimits.MaxEvents"/> or <see cref="RecordingLimits.MaxBytes"/> was reached.</summary>
    public long EventsLeftOut { get; init; }

    /// <summary>Bytes not kept: those of events left out and the cut-off ends of events over the per-event limit.</summary>
    public long BytesLeftOut { get; init; }

    /// <summary>Whether anything was left out, so that a report says so.</summary>
    public bool Truncated => EventsLeftOut > 0 || BytesLeftOut > 0;
}

/// <summary>
/// Bounds of a recorded conversation, so that a 10,000-step scenario or a 64 MiB transfer makes a report of
/// megabytes, not hundreds of them. Every event is counted; past a bound, events are left out and counted.
/// </summary>
public sealed record RecordingLimits
{
    /// <summary>The most events kept for one client.</summary>
    public int MaxEvents { get; init; } = 20_000;

    /// <summary>The most bytes kept for one client, over all its events.</summary>
    public long MaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The most bytes kept of one event; the rest is counted in <see cref="ConversationEvent.Length"/>.</summary>
    public int MaxBytesPerEvent { get; init; } = 64 * 1024;
}
