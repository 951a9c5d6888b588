using Harness.Abstractions;

namespace Harness.Engine.Running;

/// <summary>One open connection of a scenario, with what it has received but not yet consumed.</summary>
internal sealed class ConnectionState(string name, IConnection connection, int receiveLimit)
{
    public string Name { get; } = name;

    public IConnection Connection { get; } = connection;

    /// <summary>Stream bytes not yet consumed by an expectation.</summary>
    public ReceiveBuffer Buffer { get; } = new(receiveLimit);

    /// <summary>Its <see cref="ConversationConnection.Id"/> when the conversation is recorded, else -1.</summary>
    public int RecordId { get; init; } = -1;

    /// <summary>Whether the peer has closed its sending side (a receive returned 0).</summary>
    public bool PeerClosed { get; set; }

    /// <summary>The bytes of the last send, for <c>expect: { echo: true }</c>.</summary>
    public ReadOnlyMemory<byte> LastSent { get; set; }

    /// <summary>The last send as it went on the wire, with the length prefix <c>send</c> added, if any.</summary>
    public ReadOnlyMemory<byte> LastSentWire { get; set; }

    /// <summary>When the last send (or the connection) happened, for <c>within</c> latency bounds.</summary>
    public long LastSentAt { get; set; }

    /// <summary>The buffer datagrams are received into: one larger than the largest datagram, so truncation shows.</summary>
    public byte[]? DatagramBuffer { get; set; }
}
