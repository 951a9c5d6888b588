using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Peers;
using Harness.Engine.Peers.Builtin;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>Built-in peers over the real tcp plugin on loopback, with many clients at once.</summary>
public sealed class BuiltinPeerServerTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);
    private static readonly TransportAddress AnyLoopbackPort = new("tcp", "127.0.0.1", 0);

    [Test]
    public async Task Fifty_clients_at_once_each_get_their_own_echo()
    {
        await using var server = await StartAsync("echo");
        var port = Port(server);

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async n =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            var message = Encoding.ASCII.GetBytes($"client {n:00}\n");
            await stream.WriteAsync(message);
            return await ReadExactlyAsync(stream, message.Length);
        }));

        replies.ShouldBe(Enumerable.Range(0, 50).Select(n => $"client {n:00}\n").ToArray());
    }

    [Test]
    public async Task Fifty_chat_clients_each_hear_the_line_another_sent_and_not_their_own()
    {
        // Given 50 clients in the room, all connected before anyone talks
        await using var server = await StartAsync("chat");
        var port = Port(server);
        var clients = new List<TcpClient>();
        try
        {
            for (var n = 0; n < 50; n++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync("127.0.0.1", port);
            }

            // The room has a member once the server has accepted it, which may lag the client's connect.
            var room = (ChatBehavior)server.Behavior;
            await Eventually.TrueAsync(() => room.MemberCount == 50);

            // When the first one says something
            await clients[0].GetStream().WriteAsync("hello, room\n"u8.ToArray());

            // Then every other client receives exactly that line
            var heard = await Task.WhenAll(clients.Skip(1).Select(c => ReadExactlyAsync(c.GetStream(), 12)));
            heard.ShouldAllBe(line => line == "hello, room\n");
            clients[0].Available.ShouldBe(0);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task Greet_sends_its_message_and_closes_over_tcp()
    {
        await using var server = await StartAsync("greet", new() { ["message"] = "Thank you for connecting" });
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port(server));

        using var reader = new StreamReader(client.GetStream());
        (await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("Thank you for connecting");
    }

    [Test]
    public async Task Given_thousands_of_clients_that_reset_then_the_peer_keeps_only_the_last_lines_of_its_output()
    {
        // Was: one line per client that reset, kept for the peer's whole life (found by the peer fuzzer)
        await using var server = await StartAsync("echo");
        var peer = new IPEndPoint(IPAddress.Loopback, Port(server));
        for (var i = 0; i < 3000; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(peer);
            await client.SendAsync("x"u8.ToArray());
            client.LingerState = new LingerOption(true, 0);
            client.Close();
        }

        await Eventually.TrueAsync(() => server.ActiveClients == 0);
        var output = (await server.ReadOutputAsync(CancellationToken.None)).Split('\n');

        output.Length.ShouldBeInRange(1000, 2001);
        output[0].ShouldStartWith("echo: listening on 127.0.0.1:");
        output[^1].ShouldContain("reset");
    }

    [Test]
    public async Task A_peer_refuses_a_transport_kind_it_makes_no_sense_over()
    {
        var catalog = PluginCatalog.FromPlugins(new DatagramOnlyTransport());

        var error = await Should.ThrowAsync<PeerStartException>(async () =>
        {
            await using var server = await BuiltinPeers.StartAsync(
                catalog, "web", "http", new TransportAddress("fakeudp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);
        });

        error.Message.ShouldBe("peer 'web': `http` does not run over fakeudp (datagrams); it needs a stream transport");
    }

    private static async Task<BuiltinPeerServer> StartAsync(string builtin, Dictionary<string, string>? options = null) =>
        await BuiltinPeers.StartAsync(Catalog, builtin, builtin, AnyLoopbackPort, options ?? [], CancellationToken.None);

    private static int Port(BuiltinPeerServer server) => int.Parse(server.Variables["port"], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer);
    }

    private sealed class DatagramOnlyTransport : ITransport, IHarnessPlugin
    {
        public string Scheme => "fakeudp";

        public TransportKind Kind => TransportKind.Datagram;

        public void Register(IPluginRegistry registry) => registry.AddTransport(this);

        public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the kind check comes first");
    }
}
