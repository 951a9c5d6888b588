using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>UDP has no close: a built-in peer forgets a datagram client that has gone quiet, and serves it anew when it returns.</summary>
public sealed class DatagramIdleTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task A_quiet_datagram_client_is_forgotten_and_served_again_when_it_sends()
    {
        // Given a udp echo peer that forgets clients quiet for 200 ms
        await using var peer = await BuiltinPeers.StartAsync(Catalog, "server", "udp-echo", new TransportAddress("udp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);
        peer.DatagramIdleLimit = TimeSpan.FromMilliseconds(200);
        var at = new IPEndPoint(IPAddress.Loopback, int.Parse(peer.Variables["port"], System.Globalization.CultureInfo.InvariantCulture));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(at);

        // When a client sends once, falls quiet, then sends again
        await EchoAsync(client, "one");
        await Eventually.TrueAsync(() => peer.ActiveClients == 1);
        await Eventually.TrueAsync(() => peer.ActiveClients == 0);

        // Then it was forgotten meanwhile, and is answered again as a new conversation
        await EchoAsync(client, "two");
        await Eventually.TrueAsync(() => peer.ActiveClients == 1);
    }

    private static async Task EchoAsync(Socket client, string text)
    {
        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(text));
        var buffer = new byte[64];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        System.Text.Encoding.ASCII.GetString(buffer, 0, received).ShouldBe(text);
    }
}
