using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets;

namespace Harness.Transports.Tcp.Tests;

/// <summary>The tcp plugin contributes TCP over IPv4 only; the socket behaviour itself is tested with Harness.Transports.Sockets.</summary>
public sealed class TcpPluginTests
{
    [Test]
    public void The_plugin_registers_one_stream_transport_for_tcp_over_ipv4()
    {
        var registry = new CollectingRegistry();

        new TcpPlugin().Register(registry);

        var transport = registry.Transports.ShouldHaveSingleItem().ShouldBeOfType<SocketTransport>();
        transport.Scheme.ShouldBe("tcp");
        transport.Kind.ShouldBe(TransportKind.Stream);
        transport.AddressFamily.ShouldBe(AddressFamily.InterNetwork);
    }

    [Test]
    public async Task Its_transport_carries_bytes_over_loopback()
    {
        var transport = TcpPlugin.Transport();
        await using var listener = await transport.ListenAsync(new TransportAddress("tcp", "127.0.0.1", 0), TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        await using var client = (IStreamConnection)await transport.ConnectAsync(
            new TransportAddress("tcp", "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint).Port), TransportOptions.None, default);
        await using var server = (IStreamConnection)await accepting;

        await client.SendAsync("hi"u8.ToArray(), default);
        var buffer = new byte[2];
        var total = 0;
        while (total < 2)
        {
            total += await server.ReceiveAsync(buffer.AsMemory(total), default);
        }

        Encoding.ASCII.GetString(buffer).ShouldBe("hi");
    }

    [Test]
    public async Task An_ipv6_literal_is_refused_with_a_pointer_to_tcp6()
    {
        var error = await Should.ThrowAsync<TransportException>(
            async () => await TcpPlugin.Transport().ConnectAsync(new TransportAddress("tcp", "::1", 7), TransportOptions.None, default));

        error.Message.ShouldContain("tcp6://[::1]:7");
    }

    private sealed class CollectingRegistry : IPluginRegistry
    {
        public List<ITransport> Transports { get; } = [];

        public void AddTransport(ITransport transport) => Transports.Add(transport);

        public void AddPeerKind(IPeerKind peerKind) => throw new InvalidOperationException("the tcp plugin contributes no peer kinds");
    }
}
