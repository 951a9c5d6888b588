using System.Net;
using System.Net.Sockets;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>
/// Misbehaving TCP clients: garbage of random sizes (some read slowly), connect and close at once, abrupt resets (linger 0),
/// half-close then keep reading, one byte at a time, many connections at once, and several of these
/// interleaved. Every client reads what the peer sends while it writes, so that a peer answering (echo)
/// is never stuck on a full window, and every socket is closed when its action ends.
/// </summary>
internal sealed class StreamChaos(IPEndPoint peer, FuzzTally tally, string where)
{
    /// <summary>How long a peer may take to close a connection after the client half-closed it (2 s of the peer's linger, and room for a busy machine).</summary>
    private static readonly TimeSpan CloseAfterHalfClose = TimeSpan.FromSeconds(20);

    public async Task RunAsync(Random random, int depth, CancellationToken cancellationToken)
    {
        switch (random.Next(depth > 0 ? 9 : 10))
        {
            case 0 or 1:
                await GarbageAsync(random, cancellationToken);
                break;
            case 2:
                using (await ConnectAsync(cancellationToken))
                {
                    // Connect and close at once.
                }

                break;
            case 3:
                await ResetAsync(random, cancellationToken);
                break;
            case 4:
                await HalfCloseAsync(random, cancellationToken);
                break;
            case 5:
                await SlowAsync(random, cancellationToken);
                break;
            case 6:
                await ManyAsync(random, cancellationToken);
                break;
            case 7 or 8:
                await ProtocolAsync(random, cancellationToken);
                break;
            default:
            {
                // Interleavings: a few of the others at once, each with a generator of its own.
                var seeds = Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next()).ToList();
                await Task.WhenAll(seeds.Select(seed => RunAsync(new Random(seed), depth + 1, cancellationToken)));
                break;
            }
        }
    }

    private async Task GarbageAsync(Random random, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(cancellationToken);

        // One in four is a slow reader, which lets the peer's replies (and a chat room's relays) pile up for a while.
        var drain = random.Next(4) == 0 ? SlowDrainAsync(socket, TimeSpan.FromMilliseconds(random.Next(200, 2000)), cancellationToken) : DrainAsync(socket, cancellationToken);
        await SendAsync(socket, Garbage.Bytes(random, Garbage.Size(random)), cancellationToken);
        await FinishAsync(random, socket, drain, cancellationToken);
    }

    private async Task ProtocolAsync(Random random, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(cancellationToken);
        var drain = DrainAsync(socket, cancellationToken);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            await SendAsync(socket, Garbage.Any(random), cancellationToken);
        }

        await FinishAsync(random, socket, drain, cancellationToken);
    }

    private async Task ResetAsync(Random random, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(cancellationToken);
        if (random.Next(2) == 0)
        {
            await SendAsync(socket, Garbage.Any(random), cancellationToken);
        }

        Reset(socket);
    }

    private async Task HalfCloseAsync(Random random, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(cancellationToken);
        var drain = DrainAsync(socket, cancellationToken);
        await SendAsync(socket, Garbage.Any(random), cancellationToken);
        await ShutdownAndAwaitCloseAsync(socket, drain, cancellationToken);
    }

    private async Task SlowAsync(Random random, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(cancellationToken);
        var drain = DrainAsync(socket, cancellationToken);
        var message = System.Text.Encoding.Latin1.GetBytes(Garbage.Protocol(random));
        foreach (var b in message.Take(random.Next(1, 300)))
        {
            if (!await SendAsync(socket, new[] { b }, cancellationToken))
            {
                break;
            }

            await Task.Delay(random.Next(0, 3), cancellationToken);
        }

        await FinishAsync(random, socket, drain, cancellationToken);
    }

    private async Task ManyAsync(Random random, CancellationToken cancellationToken)
    {
        var sockets = new List<(Socket Socket, Task Drain)>();
        try
        {
            for (var i = random.Next(20, 120); i > 0; i--)
            {
                var socket = await ConnectAsync(cancellationToken);
                sockets.Add((socket, DrainAsync(socket, cancellationToken)));
                if (random.Next(3) == 0)
                {
                    await SendAsync(socket, Garbage.Bytes(random, random.Next(0, 512)), cancellationToken);
                }
            }

            await Task.WhenAll(sockets.Select(s => FinishAsync(new Random(random.Next()), s.Socket, s.Drain, cancellationToken)));
        }
        finally
        {
            sockets.ForEach(s => s.Socket.Dispose());
        }
    }

    /// <summary>Ends a conversation one of three ways: close, reset, or half-close and read until the peer closes too.</summary>
    private async Task FinishAsync(Random random, Socket socket, Task drain, CancellationToken cancellationToken)
    {
        switch (random.Next(3))
        {
            case 0:
                socket.Close();
                break;
            case 1:
                Reset(socket);
                break;
            default:
                await ShutdownAndAwaitCloseAsync(socket, drain, cancellationToken);
                break;
        }

        await drain;
    }

    /// <summary>Every peer ends its side once the client has ended its own and been answered; one that does not holds the connection for ever.</summary>
    private async Task ShutdownAndAwaitCloseAsync(Socket socket, Task drain, CancellationToken cancellationToken)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            return; // the peer reset the connection first: it is closed already
        }

        if (await Task.WhenAny(drain, Task.Delay(CloseAfterHalfClose, cancellationToken)) != drain && !cancellationToken.IsCancellationRequested)
        {
            tally.Problem($"{where}: the peer did not close a connection within {CloseAfterHalfClose.TotalSeconds:0} s of the client's half-close");
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(peer.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(peer, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        tally.Connected();
        return socket;
    }

    /// <summary>Sends, and says whether the peer still took bytes: a peer that closed or reset ends the send, which is its right.</summary>
    private async Task<bool> SendAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                tally.Sent(sent);
                bytes = bytes[sent..];
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Reads (and counts) everything the peer sends until it closes, resets, or the client closes the socket.</summary>
    private async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int count;
            while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                tally.Received(count);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset by either side, the client's own close, or the action's deadline: the conversation is over.
        }
    }

    private async Task SlowDrainAsync(Socket socket, TimeSpan wait, CancellationToken cancellationToken)
    {
        await Task.Delay(wait, cancellationToken);
        await DrainAsync(socket, cancellationToken);
    }

    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
