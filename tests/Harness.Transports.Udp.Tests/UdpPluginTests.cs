using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets;

namespace Harness.Transports.Udp.Tests;

/// <summary>The udp plugin contributes UDP over IPv4 only; the socket behaviour itself is tested with Harness.Transports.Sockets.</summary>
public sealed class UdpPluginTests
{
    [Test]
    public void The_plugin_registers_one_datagram_transport_for_udp_over_ipv4()
    {
        var registry = new CollectingRegistry();

        new UdpPlugin().Register(registry);

        var transport = registry.Transports.ShouldHaveSingleItem().ShouldBeOfType<SocketTransport>();
        transport.Scheme.ShouldBe("udp");
        transport.Kind.ShouldBe(TransportKind.Datagram);
        transport.AddressFamily.ShouldBe(AddressFamily.InterNetwork);
    }

    [Test]
    public async Task Its_transport_carries_one_datagram_each_way_over_loopback()
    {
        var transport = UdpPlugin.Transport();
        await using var listener = await transport.ListenAsync(new TransportAddress("udp", "127.0.0.1", 0), TransportOptions.None, default);
        await using var client = (IDatagramConnection)await transport.ConnectAsync(
            new TransportAddress("udp", "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint).Port), TransportOptions.None, default);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await client.SendAsync("ping"u8.ToArray(), default);
        await using var server = (IDatagramConnection)await listener.AcceptAsync(limit.Token);
        var buffer = new byte[64];
        var received = await server.ReceiveAsync(buffer, limit.Token);
        await server.SendAsync("pong"u8.ToArray(), default);
        var reply = await client.ReceiveAsync(buffer.AsMemory(32), limit.Token);

        Encoding.ASCII.GetString(buffer, 0, received.Length).ShouldBe("ping");
        Encoding.ASCII.GetString(buffer, 32, reply.Length).ShouldBe("pong");
        reply.From.ShouldBe(listener.LocalEndPoint);
    }

    [Test]
    public async Task An_ipv6_literal_is_refused_with_a_pointer_to_udp6()
    {
        var error = await Should.ThrowAsync<TransportException>(
            async () => await UdpPlugin.Transport().ConnectAsync(new TransportAddress("udp", "::1", 7), TransportOptions.None, default));

        error.Message.ShouldContain("udp6://[::1]:7");
    }

    private sealed class CollectingRegistry : IPluginRegistry
    {
        public List<ITransport> Transports { get; } = [];

        public void AddTransport(ITransport transport) => Transports.Add(transport);

        public void AddPeerKind(IPeerKind peerKind) => throw new InvalidOperationException("the udp plugin contributes no peer kinds");
    }
}
