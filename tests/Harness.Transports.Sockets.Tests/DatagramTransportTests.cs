using System.Net;
using System.Text;
using Harness.Abstractions;
using Harness.Transports.Sockets.Tests.Support;

namespace Harness.Transports.Sockets.Tests;

/// <summary>UDP datagrams over IPv4 and IPv6, on real loopback sockets.</summary>
[TestFixtureSource(typeof(Loopback), nameof(Loopback.DatagramTransports))]
public sealed class DatagramTransportTests(Loopback loopback)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Two_sends_arrive_as_two_datagrams_never_glued_together()
    {
        // Given a listener and a client
        await using var listener = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));

        // When the client sends two datagrams before the server reads
        await client.SendAsync(Loopback.Bytes("one"), default);
        await client.SendAsync(Loopback.Bytes("two"), default);

        // Then the server's connection for that client receives them one by one, the first one included
        await using var server = (IDatagramConnection)await listener.AcceptAsync(Loopback.Within(Generous));
        (await ReceiveTextAsync(server)).ShouldBe("one");
        (await ReceiveTextAsync(server)).ShouldBe("two");
        server.RemoteEndPoint.ShouldBe(client.LocalEndPoint);
    }

    [Test]
    public async Task A_listener_accepts_one_connection_per_remote_endpoint_and_replies_reach_the_right_one()
    {
        await using var listener = await loopback.ListenAsync();
        await using var alice = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));
        await using var bob = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));

        await alice.SendAsync(Loopback.Bytes("from alice"), default);
        await using var first = (IDatagramConnection)await listener.AcceptAsync(Loopback.Within(Generous));
        await bob.SendAsync(Loopback.Bytes("from bob"), default);
        await alice.SendAsync(Loopback.Bytes("alice again"), default);
        await using var second = (IDatagramConnection)await listener.AcceptAsync(Loopback.Within(Generous));

        (await ReceiveTextAsync(first)).ShouldBe("from alice");
        (await ReceiveTextAsync(first)).ShouldBe("alice again");
        (await ReceiveTextAsync(second)).ShouldBe("from bob");
        await second.SendAsync(Loopback.Bytes("to bob"), default);
        (await ReceiveTextAsync(bob)).ShouldBe("to bob");
    }

    [Test]
    public async Task A_datagram_larger_than_the_transport_carries_is_refused_naming_both_sizes()
    {
        await using var listener = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));
        var tooLarge = new byte[client.MaxDatagramSize + 1];

        var error = await Should.ThrowAsync<TransportException>(async () => await client.SendAsync(tooLarge, default));

        error.Error.ShouldBe(TransportError.MessageTooLarge);
        error.Message.ShouldContain($"{tooLarge.Length} bytes");
        error.Message.ShouldContain($"{client.MaxDatagramSize} bytes");
    }

    [Test]
    public async Task The_largest_datagram_arrives_whole()
    {
        await using var listener = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));
        var largest = Enumerable.Range(0, client.MaxDatagramSize).Select(i => (byte)i).ToArray();

        await client.SendAsync(largest, default);

        await using var server = (IDatagramConnection)await listener.AcceptAsync(Loopback.Within(Generous));
        var buffer = new byte[server.MaxDatagramSize];
        var received = await server.ReceiveAsync(buffer, Loopback.Within(Generous));
        received.Truncated.ShouldBeFalse();
        buffer.AsSpan(0, received.Length).SequenceEqual(largest).ShouldBeTrue();
    }

    [Test]
    public async Task A_datagram_larger_than_the_read_buffer_is_reported_truncated()
    {
        await using var listener = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(listener));
        await client.SendAsync(Loopback.Bytes("0123456789"), default);
        await using var server = (IDatagramConnection)await listener.AcceptAsync(Loopback.Within(Generous));
        var small = new byte[4];

        var received = await server.ReceiveAsync(small, Loopback.Within(Generous));

        received.Truncated.ShouldBeTrue();
        received.Length.ShouldBe(4);
        Encoding.UTF8.GetString(small).ShouldBe("0123");
    }

    [Test]
    public async Task A_connected_socket_reports_an_icmp_port_unreachable_as_connection_refused()
    {
        // Given a port where nothing listens (Linux answers with ICMP port unreachable on loopback)
        var port = await loopback.FreePortAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(port));

        // When a datagram goes there and the client waits for a reply
        await client.SendAsync(Loopback.Bytes("anyone?"), default);
        var error = await Should.ThrowAsync<TransportException>(async () => await client.ReceiveAsync(new byte[16], Loopback.Within(Generous)));

        // Then the wait ends with the reason, not with a timeout
        error.Error.ShouldBe(TransportError.ConnectionRefused);
        error.Message.ShouldContain("port is unreachable");
    }

    [Test]
    public async Task An_unconnected_socket_receives_from_anyone_and_reports_the_source()
    {
        // Given an unconnected client that sends to one listener
        await using var addressed = await loopback.ListenAsync();
        await using var other = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(addressed), Loopback.Options(("connected", "false")));
        await client.SendAsync(Loopback.Bytes("hello"), default);
        await using var server = (IDatagramConnection)await addressed.AcceptAsync(Loopback.Within(Generous));

        // When another socket, which the client never addressed, sends to the client
        await using var stranger = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(((IPEndPoint)server.RemoteEndPoint).Port));
        await stranger.SendAsync(Loopback.Bytes("surprise"), default);

        // Then the client receives it and says where it came from
        var buffer = new byte[64];
        var received = await client.ReceiveAsync(buffer, Loopback.Within(Generous));
        Encoding.UTF8.GetString(buffer, 0, received.Length).ShouldBe("surprise");
        received.From.ShouldBe(stranger.LocalEndPoint);
        received.From.ShouldNotBe(client.RemoteEndPoint);
    }

    [Test]
    public async Task A_connected_socket_ignores_datagrams_from_other_sources()
    {
        await using var addressed = await loopback.ListenAsync();
        await using var client = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(addressed));
        await using var stranger = await loopback.ConnectAsync<IDatagramConnection>(loopback.At(((IPEndPoint)client.LocalEndPoint).Port));

        await stranger.SendAsync(Loopback.Bytes("not for you"), default);

        await Should.ThrowAsync<OperationCanceledException>(async () => await client.ReceiveAsync(new byte[64], Loopback.Within(TimeSpan.FromMilliseconds(200))));
    }

    [Test]
    public async Task Disposing_a_listener_ends_a_pending_accept()
    {
        var listener = await loopback.ListenAsync();
        var accepting = listener.AcceptAsync(Loopback.Within(Generous)).AsTask();

        await listener.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(accepting);
    }

    private static async Task<string> ReceiveTextAsync(IDatagramConnection connection)
    {
        var buffer = new byte[connection.MaxDatagramSize];
        var received = await connection.ReceiveAsync(buffer, Loopback.Within(Generous));
        received.Truncated.ShouldBeFalse();
        return Encoding.UTF8.GetString(buffer, 0, received.Length);
    }
}
