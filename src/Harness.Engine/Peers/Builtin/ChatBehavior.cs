using System.Collections.Concurrent;
using Harness.Abstractions;

namespace Harness.Engine.Peers.Builtin;

/// <summary>
/// A chat room: every complete line (up to and including <c>\n</c>) one client sends is relayed to all
/// the other clients, never back to the sender. Over datagrams each datagram is a message and is
/// relayed to every other client that has sent one. One instance serves one running peer, so the room
/// is this object's state: clients of two peers never meet.
/// </summary>
internal sealed class ChatBehavior : IBuiltinPeerBehavior
{
    /// <summary>A line longer than this is relayed in pieces, so one client cannot grow memory without bound.</summary>
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>
    /// How much may wait to be sent to one client. A client that reads nothing fills its socket and then this;
    /// it is then dropped, as chat servers drop a client whose send queue overflows, so that one reader who
    /// stopped reading cannot stall the room for everyone else.
    /// </summary>
    internal const int MaxQueuedBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<Member, bool> _members = new();

    /// <summary>How many clients are in the room now; tests wait on it before they talk.</summary>
    public int MemberCount => _members.Count;

    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var member = new Member((bytes, token) => connection.SendAsync(bytes, token), connection.Abort);
        _members.TryAdd(member, true);
        try
        {
            var buffer = new byte[MaxLineBytes];
            var count = 0;
            while (true)
            {
                var received = await connection.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    return; // A partial last line is dropped: it was never a complete message.
                }

                count += received;
                var start = 0;
                int newline;
                while ((newline = buffer.AsSpan(start, count - start).IndexOf((byte)'\n')) >= 0)
                {
                    Relay(member, buffer.AsMemory(start, newline + 1), cancellationToken);
                    start += newline + 1;
                }

                if (start == 0 && count == buffer.Length)
                {
                    Relay(member, buffer, cancellationToken);
                    start = count;
                }

                buffer.AsSpan(start, count - start).CopyTo(buffer);
                count -= start;
            }
        }
        finally
        {
            _members.TryRemove(member, out _);
        }
    }

    public async Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken)
    {
        var member = new Member((bytes, token) => connection.SendAsync(bytes, token), overflow: null);
        _members.TryAdd(member, true);
        try
        {
            var buffer = new byte[connection.MaxDatagramSize];
            while (true)
            {
                var datagram = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                Relay(member, buffer.AsMemory(0, datagram.Length), cancellationToken);
            }
        }
        finally
        {
            _members.TryRemove(member, out _);
        }
    }

    /// <summary>
    /// Queues the message for every other member and returns: the sender goes on reading while the others'
    /// sends proceed each at its own pace, so a slow reader slows only itself.
    /// </summary>
    private void Relay(Member from, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // Copied once: the sender's buffer is reused for its next receive while others are still sending.
        var copy = message.ToArray();
        foreach (var member in _members.Keys.Where(m => !ReferenceEquals(m, from)))
        {
            member.Enqueue(copy, cancellationToken);
        }
    }

    /// <summary>
    /// One client in the room. Its sends are chained one after another, so two lines relayed to it at the
    /// same time never interleave on its stream; <paramref name="overflow"/> drops it when too much waits.
    /// </summary>
    private sealed class Member(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, Action? overflow)
    {
        private readonly Lock _gate = new();
        private Task _tail = Task.CompletedTask;
        private long _queued;
        private bool _dropped;

        public void Enqueue(byte[] message, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_dropped)
                {
                    return;
                }

                _queued += message.Length;
                if (_queued > MaxQueuedBytes && overflow is not null)
                {
                    _dropped = true;
                    overflow(); // its own receive then fails, and it leaves the room
                    return;
                }

                _tail = SendAfterAsync(_tail, message, cancellationToken);
            }
        }

        private async Task SendAfterAsync(Task previous, byte[] message, CancellationToken cancellationToken)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await send(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TransportException or ObjectDisposedException or OperationCanceledException)
            {
                // A member that went away, or a room that closes, misses the message; the others still get it.
            }
            finally
            {
                lock (_gate)
                {
                    _queued -= message.Length;
                }
            }
        }
    }
}
