using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets;

namespace Harness.Transports.IPv6.Tests;

/// <summary>The IPv6 plugin contributes tcp6 and udp6 over AF_INET6 only; the socket behaviour itself is tested with Harness.Transports.Sockets.</summary>
public sealed class IPv6PluginTests
{
    [Test]
    public void The_plugin_registers_tcp6_as_a_stream_and_udp6_as_datagrams_both_over_ipv6()
    {
        var registry = new CollectingRegistry();

        new IPv6Plugin().Register(registry);

        registry.Transports.Select(t => (t.Scheme, t.Kind)).ShouldBe([("tcp6", TransportKind.Stream), ("udp6", TransportKind.Datagram)]);
        registry.Transports.ShouldAllBe(t => ((SocketTransport)t).AddressFamily == AddressFamily.InterNetworkV6);
    }

    [Test]
    public async Task Tcp6_carries_bytes_over_the_ipv6_loopback()
    {
        var transport = IPv6Plugin.Tcp6();
        await using var listener = await transport.ListenAsync(new TransportAddress("tcp6", "::1", 0), TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        await using var client = (IStreamConnection)await transport.ConnectAsync(
            new TransportAddress("tcp6", "::1", ((IPEndPoint)listener.LocalEndPoint).Port), TransportOptions.None, default);
        await using var server = (IStreamConnection)await accepting;

        await client.SendAsync("hi"u8.ToArray(), default);
        var buffer = new byte[2];
        var total = 0;
        while (total < 2)
        {
            total += await server.ReceiveAsync(buffer.AsMemory(total), default);
        }

        Encoding.ASCII.GetString(buffer).ShouldBe("hi");
        ((IPEndPoint)server.RemoteEndPoint).Address.ShouldBe(IPAddress.IPv6Loopback);
    }

    [Test]
    public async Task Udp6_carries_a_datagram_over_the_ipv6_loopback()
    {
        var transport = IPv6Plugin.Udp6();
        await using var listener = await transport.ListenAsync(new TransportAddress("udp6", "::1", 0), TransportOptions.None, default);
        await using var client = (IDatagramConnection)await transport.ConnectAsync(
            new TransportAddress("udp6", "::1", ((IPEndPoint)listener.LocalEndPoint).Port), TransportOptions.None, default);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await client.SendAsync("ping"u8.ToArray(), default);
        await using var server = (IDatagramConnection)await listener.AcceptAsync(limit.Token);
        var buffer = new byte[64];
        var received = await server.ReceiveAsync(buffer, limit.Token);

        Encoding.ASCII.GetString(buffer, 0, received.Length).ShouldBe("ping");
        ((IPEndPoint)received.From).Address.ShouldBe(IPAddress.IPv6Loopback);
    }

    [TestCase("tcp6")]
    [TestCase("udp6")]
    public async Task An_ipv4_literal_is_refused_with_a_pointer_to_the_ipv4_scheme_or_the_mapped_address(string scheme)
    {
        var transport = scheme == "tcp6" ? IPv6Plugin.Tcp6() : IPv6Plugin.Udp6();

        var error = await Should.ThrowAsync<TransportException>(
            async () => await transport.ConnectAsync(new TransportAddress(scheme, "127.0.0.1", 7), TransportOptions.None, default));

        error.Message.ShouldContain($"{scheme.TrimEnd('6')}://127.0.0.1:7");
        error.Message.ShouldContain("[::ffff:127.0.0.1]:7");
    }

    private sealed class CollectingRegistry : IPluginRegistry
    {
        public List<ITransport> Transports { get; } = [];

        public void AddTransport(ITransport transport) => Transports.Add(transport);

        public void AddPeerKind(IPeerKind peerKind) => throw new InvalidOperationException("the IPv6 plugin contributes no peer kinds");
    }
}
