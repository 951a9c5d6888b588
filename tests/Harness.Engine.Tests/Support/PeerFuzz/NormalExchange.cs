using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>
/// Each peer's ordinary conversation with a well-behaved client: echo echoes, greet greets, ack acknowledges,
/// http answers 200, chat relays between two clients, daytime tells the time, discard takes bytes and says
/// nothing. Returns what went wrong, or null.
/// </summary>
internal static partial class NormalExchange
{
    public static async Task<string?> CheckAsync(PeerTarget target, IPEndPoint peer, CancellationToken cancellationToken)
    {
        try
        {
            return target.IsStream
                ? await StreamAsync(target.Builtin, peer, cancellationToken)
                : await DatagramAsync(target.Builtin, peer, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return $"the exchange failed: {ex.GetType().Name}: {ex.Message}";
        }
    }

    private static async Task<string?> StreamAsync(string builtin, IPEndPoint peer, CancellationToken cancellationToken)
    {
        switch (builtin)
        {
            case "echo" or "udp-echo":
            {
                using var client = await ConnectAsync(peer, cancellationToken);
                await client.SendAsync("Hello, Server!"u8.ToArray(), cancellationToken);
                var reply = await ReadExactlyAsync(client, 14, cancellationToken);
                return reply == "Hello, Server!" ? null : $"echoed '{reply}'";
            }

            case "greet":
                return Expect(await ReplyToAsync(peer, null, cancellationToken), "Hello from harness\n");
            case "ack":
                return Expect(await ReplyToAsync(peer, "a message\n", cancellationToken), "ACK\n");
            case "daytime":
                return Daytime().IsMatch(await ReplyToAsync(peer, null, cancellationToken)) ? null : "no daytime line";
            case "discard":
            {
                var reply = await ReplyToAsync(peer, new string('x', 1 << 20), cancellationToken);
                return reply.Length == 0 ? null : $"discard answered {reply.Length} bytes";
            }

            case "http":
            {
                var host = peer.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{peer.Address}]" : peer.Address.ToString();
                var reply = await ReplyToAsync(peer, $"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", cancellationToken);
                return reply.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal) && reply.EndsWith("\r\n\r\nHello from harness\n", StringComparison.Ordinal)
                    ? null
                    : $"http answered '{reply}'";
            }

            default:
                return await ChatStreamAsync(peer, cancellationToken);
        }
    }

    /// <summary>Two clients join; one says a line until the other hears it (the second may join the room a little after its connect).</summary>
    private static async Task<string?> ChatStreamAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        using var alice = await ConnectAsync(peer, cancellationToken);
        using var bob = await ConnectAsync(peer, cancellationToken);
        var heard = ReadLineContainingAsync(bob, "hello from alice", cancellationToken);
        while (!heard.IsCompleted)
        {
            await alice.SendAsync("hello from alice\n"u8.ToArray(), cancellationToken);
            await Task.WhenAny(heard, Task.Delay(100, cancellationToken));
        }

        return await heard ? null : "bob never heard alice";
    }

    private static async Task<string?> DatagramAsync(string builtin, IPEndPoint peer, CancellationToken cancellationToken)
    {
        using var client = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(peer, cancellationToken);
        switch (builtin)
        {
            case "echo" or "udp-echo":
                return Expect(await ExchangeAsync(client, "ping", cancellationToken), "ping");
            case "greet":
                return Expect(await ExchangeAsync(client, "hi", cancellationToken), "Hello from harness\n");
            case "ack":
                return Expect(await ExchangeAsync(client, "a message", cancellationToken), "ACK\n");
            case "daytime":
                return Daytime().IsMatch(await ExchangeAsync(client, "time?", cancellationToken)) ? null : "no daytime datagram";
            case "discard":
            {
                await client.SendAsync("into the void"u8.ToArray(), cancellationToken);
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(TimeSpan.FromMilliseconds(300));
                var buffer = new byte[100];
                try
                {
                    var count = await client.ReceiveAsync(buffer, quiet.Token);
                    return $"discard answered {count} bytes";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return null; // nothing came back, as it should
                }
            }

            default:
            {
                // Chat over datagrams: a client is in the room once it has sent one; bob joins, then alice talks until he
                // hears her. Relays of the fuzz's datagrams may still be queued for him first: he reads all he gets.
                using var alice = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                await alice.ConnectAsync(peer, cancellationToken);
                var buffer = new byte[65536];
                var heard = 0;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    // Both say something each round: UDP may drop either datagram, bob's that makes him a member too.
                    await client.SendAsync("bob joins"u8.ToArray(), cancellationToken);
                    await alice.SendAsync("hello from alice"u8.ToArray(), cancellationToken);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(TimeSpan.FromMilliseconds(200));
                    try
                    {
                        while (true)
                        {
                            var count = await client.ReceiveAsync(buffer, wait.Token);
                            heard++;
                            if (Encoding.UTF8.GetString(buffer, 0, count) == "hello from alice")
                            {
                                return null;
                            }
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Not yet: alice's first datagrams may reach the room before bob's.
                    }
                }

                return $"bob never heard alice over datagrams (he got {heard} other datagrams in 20 s)";
            }
        }
    }

    private static string? Expect(string actual, string expected) => actual == expected ? null : $"answered '{actual}', expected '{expected}'";

    private static async Task<Socket> ConnectAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        var socket = new Socket(peer.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(peer, cancellationToken);
        return socket;
    }

    /// <summary>Sends the request (if any), half-closes, and reads everything until the peer closes.</summary>
    private static async Task<string> ReplyToAsync(IPEndPoint peer, string? request, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(peer, cancellationToken);
        if (request is not null)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
            client.Shutdown(SocketShutdown.Send);
        }

        var reply = new MemoryStream();
        var buffer = new byte[65536];
        int count;
        while ((count = await client.ReceiveAsync(buffer, cancellationToken)) > 0)
        {
            reply.Write(buffer, 0, count);
        }

        return Encoding.UTF8.GetString(reply.ToArray());
    }

    private static async Task<string> ReadExactlyAsync(Socket client, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var count = await client.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static async Task<bool> ReadLineContainingAsync(Socket client, string text, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        int count;
        while ((count = await client.ReceiveAsync(buffer, cancellationToken)) > 0)
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
            if (received.ToString().Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One datagram and its answer; sent again when no answer comes within a second (UDP may drop one).</summary>
    private static async Task<string> ExchangeAsync(Socket client, string datagram, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        for (var attempt = 1; ; attempt++)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(datagram), cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                var count = await client.ReceiveAsync(buffer, wait.Token);
                return Encoding.UTF8.GetString(buffer, 0, count);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < 5)
            {
                // No answer yet: send it again.
            }
        }
    }

    [GeneratedRegex(@"^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4} \d\d:\d\d:\d\d-UTC\r\n$")]
    private static partial Regex Daytime();
}
