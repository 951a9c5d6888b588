using System.Net;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Tcp;

namespace Harness.Transports.Tcp.Tests;

/// <summary>The tcp transport on real loopback sockets.</summary>
public sealed class TcpTransportTests
{
    private static readonly TransportAddress AnyLoopbackPort = new("tcp", "127.0.0.1", 0);
    private readonly TcpTransport _transport = new();

    [Test]
    public async Task A_connection_and_its_accepted_peer_exchange_bytes_both_ways()
    {
        await using var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        await using var client = (IStreamConnection)await _transport.ConnectAsync(At(listener), TransportOptions.None, default);
        await using var server = (IStreamConnection)await accepting;

        await client.SendAsync(Encoding.UTF8.GetBytes("ping"), default);
        (await ReceiveTextAsync(server, 4)).ShouldBe("ping");
        await server.SendAsync(Encoding.UTF8.GetBytes("pong"), default);
        (await ReceiveTextAsync(client, 4)).ShouldBe("pong");
        client.RemoteEndPoint.ShouldBe(listener.LocalEndPoint);
    }

    [Test]
    public async Task Listening_on_port_0_reports_the_port_the_system_chose()
    {
        await using var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);

        ((IPEndPoint)listener.LocalEndPoint).Port.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Connecting_where_nothing_listens_is_connection_refused()
    {
        int port;
        await using (var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default))
        {
            port = ((IPEndPoint)listener.LocalEndPoint).Port;
        }

        var error = await Should.ThrowAsync<TransportException>(
            async () => await _transport.ConnectAsync(new TransportAddress("tcp", "127.0.0.1", port), TransportOptions.None, default));

        error.Error.ShouldBe(TransportError.ConnectionRefused);
        error.Message.ShouldContain("connection refused");
    }

    [Test]
    public async Task An_ipv6_literal_is_refused_with_a_pointer_to_tcp6()
    {
        var error = await Should.ThrowAsync<TransportException>(
            async () => await _transport.ConnectAsync(new TransportAddress("tcp", "::1", 7), TransportOptions.None, default));

        error.Error.ShouldBe(TransportError.AddressFamilyNotSupported);
        error.Message.ShouldContain("tcp6://[::1]:7");
    }

    [Test]
    public async Task A_taken_port_is_address_in_use()
    {
        await using var first = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);

        var error = await Should.ThrowAsync<TransportException>(
            async () => await _transport.ListenAsync(At(first), TransportOptions.None, default));

        error.Error.ShouldBe(TransportError.AddressInUse);
    }

    [Test]
    public async Task A_half_close_ends_the_peers_reading_while_the_closer_still_receives()
    {
        await using var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        await using var client = (IStreamConnection)await _transport.ConnectAsync(At(listener), TransportOptions.None, default);
        await using var server = (IStreamConnection)await accepting;

        await client.ShutdownSendAsync(default);
        (await server.ReceiveAsync(new byte[16], default)).ShouldBe(0);
        await server.SendAsync(Encoding.UTF8.GetBytes("bye"), default);
        (await ReceiveTextAsync(client, 3)).ShouldBe("bye");
    }

    [Test]
    public async Task An_abort_reaches_the_peer_as_a_reset()
    {
        await using var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        var client = (IStreamConnection)await _transport.ConnectAsync(At(listener), TransportOptions.None, default);
        await using var server = (IStreamConnection)await accepting;

        client.Abort();

        var error = await Should.ThrowAsync<TransportException>(async () => await server.ReceiveAsync(new byte[16], default));
        error.Error.ShouldBe(TransportError.ConnectionReset);
    }

    [Test]
    public async Task A_receive_can_be_cancelled_so_a_timeout_never_waits_forever()
    {
        await using var listener = await _transport.ListenAsync(AnyLoopbackPort, TransportOptions.None, default);
        var accepting = listener.AcceptAsync(default);
        await using var client = (IStreamConnection)await _transport.ConnectAsync(At(listener), TransportOptions.None, default);
        await using var server = await accepting;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(async () => await client.ReceiveAsync(new byte[16], timeout.Token));
    }

    private static TransportAddress At(IListener listener) =>
        new("tcp", "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint).Port);

    private static async Task<string> ReceiveTextAsync(IStreamConnection connection, int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var received = await connection.ReceiveAsync(buffer.AsMemory(total), default);
            received.ShouldBeGreaterThan(0);
            total += received;
        }

        return Encoding.UTF8.GetString(buffer);
    }
}
