using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Engine.Peers;
using Harness.Engine.Peers.Builtin;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>The chat peer when one member stops reading: the room goes on without it.</summary>
public sealed class ChatSlowReaderTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task A_member_that_never_reads_is_dropped_and_does_not_stall_the_others()
    {
        // Given a chat room with a member who never reads, a sender and a reader
        await using var chat = await BuiltinPeers.StartAsync(Catalog, "room", "chat", new TransportAddress("tcp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);
        var room = new IPEndPoint(IPAddress.Loopback, int.Parse(chat.Variables["port"], System.Globalization.CultureInfo.InvariantCulture));
        using var deaf = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var reader = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await deaf.ConnectAsync(room);
        await sender.ConnectAsync(room);
        await reader.ConnectAsync(room);
        await Eventually.TrueAsync(() => chat.ActiveClients == 3);

        // When the sender talks on, far past what the silent member's socket buffers and queue can hold
        var line = new byte[1024];
        line.AsSpan().Fill((byte)'x');
        line[^1] = (byte)'\n';
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long sent = 0;
        long received = 0;
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            while (true)
            {
                var count = await reader.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (count == 0)
                {
                    return;
                }

                Interlocked.Add(ref received, count);
            }
        });
        while (chat.ActiveClients == 3 && sent < 256L * 1024 * 1024)
        {
            await sender.SendAsync(line, SocketFlags.None, deadline.Token);
            sent += line.Length;
        }

        // Then the member who never read was dropped, and the reader got every line meanwhile
        chat.ActiveClients.ShouldBe(2, $"after {sent} bytes");
        await Eventually.TrueAsync(() => Interlocked.Read(ref received) == sent);
        reading.IsFaulted.ShouldBeFalse();
    }
}
