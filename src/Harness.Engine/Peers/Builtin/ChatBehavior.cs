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
    /// How much may wait to be sent to one client before a sender waits for it: a reader slower than the
    /// sender slows the sender down (back-pressure, as TCP itself does) instead of growing memory.
    /// </summary>
    internal const int MaxQueuedBytes = 1024 * 1024;

    /// <summary>
    /// How long a client may sit with a full queue, reading nothing, before it is dropped (as chat servers drop a
    /// client whose send queue overflows): one reader who stopped reading stalls the room this long, not forever.
    /// </summary>
    internal static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(3);

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
                    await RelayAsync(member, buffer.AsMemory(start, newline + 1), cancellationToken).ConfigureAwait(false);
                    start += newline + 1;
                }

                if (start == 0 && count == buffer.Length)
                {
                    await RelayAsync(member, buffer, cancellationToken).ConfigureAwait(false);
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
        var member = new Member((bytes, token) => connection.SendAsync(bytes, token), drop: null);
        _members.TryAdd(member, true);
        try
        {
            var buffer = new byte[connection.MaxDatagramSize];
            while (true)
            {
                var datagram = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                await RelayAsync(member, buffer.AsMemory(0, datagram.Length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _members.TryRemove(member, out _);
        }
    }

    /// <summary>
    /// Queues the message for every other member, then waits while any of them has too much queued: each member's
    /// sends proceed at its own pace, the sender is held back by a slow reader, and a reader that makes no room
    /// within <see cref="StallLimit"/> is dropped rather than holding the room up.
    /// </summary>
    private async Task RelayAsync(Member from, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // Copied once: the sender's buffer is reused for its next receive while others are still sending.
        var copy = message.ToArray();
        var others = _members.Keys.Where(m => !ReferenceEquals(m, from)).ToList();
        foreach (var member in others)
        {
            member.Enqueue(copy, cancellationToken);
        }

        foreach (var member in others)
        {
            await member.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One client in the room. Its sends are chained one after another, so two lines relayed to it at the
    /// same time never interleave on its stream; <paramref name="drop"/> ends its connection when it stalls.
    /// </summary>
    private sealed class Member(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, Action? drop)
    {
        private readonly Lock _gate = new();
        private Task _tail = Task.CompletedTask;
        private long _queued;
        private bool _dropped;
        private TaskCompletionSource? _room;

        public void Enqueue(byte[] message, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (!_dropped)
                {
                    _queued += message.Length;
                    _tail = SendAfterAsync(_tail, message, cancellationToken);
                }
            }
        }

        /// <summary>Returns once this member has room again (or is dropped, having made none in time).</summary>
        public async Task WaitForRoomAsync(CancellationToken cancellationToken)
        {
            Task room;
            lock (_gate)
            {
                if (_dropped || _queued <= MaxQueuedBytes || drop is null)
                {
                    return;
                }

                _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _room.Task;
            }

            try
            {
                await room.WaitAsync(StallLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_gate)
                {
                    if (_dropped)
                    {
                        return;
                    }

                    _dropped = true;
                }

                drop(); // its own receive then fails, and it leaves the room
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
                TaskCompletionSource? room = null;
                lock (_gate)
                {
                    _queued -= message.Length;
                    if (_queued <= MaxQueuedBytes)
                    {
                        (room, _room) = (_room, null);
                    }
                }

                room?.TrySetResult();
            }
        }
    }
}
