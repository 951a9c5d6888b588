using System.Net;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets.Tests.Support;

namespace Harness.Transports.Sockets.Tests;

/// <summary>TCP streams over IPv4 and IPv6, on real loopback sockets.</summary>
[TestFixtureSource(typeof(Loopback), nameof(Loopback.Streams))]
public sealed class StreamTransportTests(Loopback loopback)
{
    [Test]
    public async Task A_connection_and_its_accepted_peer_exchange_bytes_both_ways()
    {
        await using var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(default);
        await using var client = await loopback.ConnectAsync<IStreamConnection>(loopback.At(listener));
        await using var server = (IStreamConnection)await accepting;

        await client.SendAsync(Loopback.Bytes("ping"), default);
        (await ReceiveTextAsync(server, 4)).ShouldBe("ping");
        await server.SendAsync(Loopback.Bytes("pong"), default);
        (await ReceiveTextAsync(client, 4)).ShouldBe("pong");
        client.RemoteEndPoint.ShouldBe(listener.LocalEndPoint);
        client.LocalEndPoint.AddressFamily.ShouldBe(loopback.Family);
    }

    [Test]
    public async Task Listening_on_port_0_reports_the_port_the_system_chose()
    {
        await using var listener = await loopback.ListenAsync();

        ((IPEndPoint)listener.LocalEndPoint).Port.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Connecting_where_nothing_listens_is_connection_refused()
    {
        var port = await loopback.FreePortAsync();

        var error = await Should.ThrowAsync<TransportException>(async () => await loopback.ConnectAsync<IStreamConnection>(loopback.At(port)));

        error.Error.ShouldBe(TransportError.ConnectionRefused);
        error.Message.ShouldContain("connection refused");
    }

    [Test]
    public async Task A_taken_port_is_address_in_use()
    {
        await using var first = await loopback.ListenAsync();

        var error = await Should.ThrowAsync<TransportException>(async () => await loopback.Transport.ListenAsync(loopback.At(first), TransportOptions.None, default));

        error.Error.ShouldBe(TransportError.AddressInUse);
    }

    [Test]
    public async Task A_half_close_ends_the_peers_reading_while_the_closer_still_receives()
    {
        await using var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(default);
        await using var client = await loopback.ConnectAsync<IStreamConnection>(loopback.At(listener));
        await using var server = (IStreamConnection)await accepting;

        await client.ShutdownSendAsync(default);
        (await server.ReceiveAsync(new byte[16], default)).ShouldBe(0);
        await server.SendAsync(Loopback.Bytes("bye"), default);
        (await ReceiveTextAsync(client, 3)).ShouldBe("bye");
    }

    [Test]
    public async Task An_abort_reaches_the_peer_as_a_reset()
    {
        await using var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(default);
        var client = await loopback.ConnectAsync<IStreamConnection>(loopback.At(listener));
        await using var server = (IStreamConnection)await accepting;

        client.Abort();

        var error = await Should.ThrowAsync<TransportException>(async () => await server.ReceiveAsync(new byte[16], default));
        error.Error.ShouldBe(TransportError.ConnectionReset);
    }

    [Test]
    public async Task A_receive_can_be_cancelled_so_a_timeout_never_waits_forever()
    {
        await using var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(default);
        await using var client = await loopback.ConnectAsync<IStreamConnection>(loopback.At(listener));
        await using var server = await accepting;

        await Should.ThrowAsync<OperationCanceledException>(async () => await client.ReceiveAsync(new byte[16], Loopback.Within(TimeSpan.FromMilliseconds(100))));
    }

    [Test]
    public async Task Localhost_resolves_to_the_transports_own_family_only()
    {
        await using var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(default);

        await using var client = await loopback.ConnectAsync<IStreamConnection>(new TransportAddress(loopback.Scheme, "localhost", loopback.At(listener).Port));
        await using var server = await accepting;

        ((IPEndPoint)client.RemoteEndPoint).Address.ToString().ShouldBe(loopback.Host);
    }

    [Test]
    public async Task An_unknown_option_is_an_error_rather_than_ignored()
    {
        var error = await Should.ThrowAsync<TransportException>(
            async () => await loopback.Transport.ListenAsync(loopback.AnyPort, Loopback.Options(("backlgo", "5")), default));

        error.Message.ShouldContain("no option 'backlgo'");
        error.Message.ShouldContain("backlog");
    }

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
