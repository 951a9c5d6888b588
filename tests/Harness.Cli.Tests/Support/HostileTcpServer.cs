using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Cli.Tests.Support;

/// <summary>How a hostile peer misbehaves once it has read a request.</summary>
internal enum HostileBehaviour
{
    /// <summary>Reads the request and never answers.</summary>
    Stall,

    /// <summary>Sends the reply one byte a second, then filler the same way, forever.</summary>
    Trickle,

    /// <summary>Sends the reply's flood head, then filler without end (until the connection breaks).</summary>
    Flood,

    /// <summary>Sends part of the reply, then closes its side (FIN) and waits.</summary>
    CloseHalfway,

    /// <summary>Sends part of the reply, then resets the connection (linger 0, RST).</summary>
    Reset,
}

/// <summary>
/// A TCP server on 127.0.0.1 that misbehaves: each connection sends a line naming the reply it wants (see
/// <see cref="HostileExpectation"/>), and the server answers it the way <see cref="HostileBehaviour"/> says.
/// Disposing it closes every connection and waits for its handlers.
/// </summary>
internal sealed class HostileTcpServer : IAsyncDisposable
{
    /// <summary>What the peer sends once the reply is out, when it goes on sending.</summary>
    public const byte Filler = (byte)'y';

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _handlers = [];
    private readonly Task _accepting;
    private readonly HostileBehaviour _behaviour;
    private readonly IReadOnlyDictionary<string, HostileReply> _replies;
    private long _sent;
    private int _connections;

    public HostileTcpServer(HostileBehaviour behaviour, IReadOnlyDictionary<string, HostileReply> replies)
    {
        _behaviour = behaviour;
        _replies = replies;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>How many bytes the server has sent, over all connections.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_handlers)
                {
                    _handlers.Add(Task.Run(() => ServeAsync(client)));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The test is over: the listener was closed.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                var reply = _replies.GetValueOrDefault(await ReadLineAsync(client, _stop.Token), HostileReply.Empty);
                await (_behaviour switch
                {
                    HostileBehaviour.Stall => Task.Delay(Timeout.Infinite, _stop.Token),
                    HostileBehaviour.Trickle => TrickleAsync(client, reply.Full, _stop.Token),
                    HostileBehaviour.Flood => FloodAsync(client, reply.FloodHead, _stop.Token),
                    HostileBehaviour.CloseHalfway => CloseHalfwayAsync(client, reply.Part, _stop.Token),
                    _ => ResetAsync(client, reply.Part, _stop.Token),
                });
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The harness closed the connection, or the test ended: the misbehaviour is over.
            }
        }
    }

    private async Task SendAsync(Socket client, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await client.SendAsync(bytes, SocketFlags.None, cancellationToken);
            Interlocked.Add(ref _sent, sent);
            bytes = bytes[sent..];
        }
    }

    private async Task TrickleAsync(Socket client, byte[] reply, CancellationToken cancellationToken)
    {
        for (var at = 0L; ; at++)
        {
            await SendAsync(client, new[] { at < reply.Length ? reply[at] : Filler }, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private async Task FloodAsync(Socket client, byte[] head, CancellationToken cancellationToken)
    {
        await SendAsync(client, head, cancellationToken);
        var filler = new byte[1024 * 1024];
        Array.Fill(filler, Filler);
        while (true)
        {
            await SendAsync(client, filler, cancellationToken);
        }
    }

    private async Task CloseHalfwayAsync(Socket client, byte[] part, CancellationToken cancellationToken)
    {
        await SendAsync(client, part, cancellationToken);
        client.Shutdown(SocketShutdown.Send);

        // Half-closed, not gone: read (and drop) whatever comes until the harness closes its side.
        var sink = new byte[4096];
        while (await client.ReceiveAsync(sink, SocketFlags.None, cancellationToken) > 0)
        {
        }
    }

    private async Task ResetAsync(Socket client, byte[] part, CancellationToken cancellationToken)
    {
        await SendAsync(client, part, cancellationToken);

        // Long enough for the harness to read the part first: a reset discards what the peer has not read yet.
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    /// <summary>The request line, without its "\n" (at most 256 bytes are read).</summary>
    private static async Task<string> ReadLineAsync(Socket client, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 256 && await client.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }
}
