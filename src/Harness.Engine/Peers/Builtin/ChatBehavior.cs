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

    private readonly ConcurrentDictionary<Member, bool> _members = new();

    /// <summary>How many clients are in the room now; tests wait on it before they talk.</summary>
    public int MemberCount => _members.Count;

    public async Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken)
    {
        var member = new Member((bytes, token) => connection.SendAsync(bytes, token));
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
        var member = new Member((bytes, token) => connection.SendAsync(bytes, token));
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

    private async Task RelayAsync(Member from, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // Copied once: the sender's buffer is reused for its next receive while others are still sending.
        var copy = message.ToArray();
        var sends = _members.Keys.Where(m => !ReferenceEquals(m, from)).Select(m => m.SendAsync(copy, cancellationToken));
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <summary>
    /// One client in the room. Its sends are chained one after another, so two lines relayed to it at the
    /// same time never interleave on its stream.
    /// </summary>
    private sealed class Member(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send)
    {
        private readonly Lock _gate = new();
        private Task _tail = Task.CompletedTask;

        public Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _tail = SendAfterAsync(_tail, message, cancellationToken);
                return _tail;
            }
        }

        private async Task SendAfterAsync(Task previous, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await send(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TransportException or ObjectDisposedException)
            {
                // A member that went away misses the message; the others still get it.
            }
        }
    }
}
