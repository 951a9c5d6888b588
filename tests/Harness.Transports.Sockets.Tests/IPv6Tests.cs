using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Transports.Sockets.Tests.Support;

namespace Harness.Transports.Sockets.Tests;

/// <summary>What only IPv6 has: v6only, IPv4-mapped addresses, scope ids, and a host without IPv6.</summary>
public sealed class IPv6Tests
{
    [TestCase("tcp6", TransportKind.Stream)]
    [TestCase("udp6", TransportKind.Datagram)]
    public async Task An_ipv6_listener_and_an_ipv4_listener_share_one_port_number(string scheme, TransportKind kind)
    {
        var six = new SocketTransport(scheme, AddressFamily.InterNetworkV6, kind);
        var four = new SocketTransport(scheme.TrimEnd('6'), AddressFamily.InterNetwork, kind);
        await using var v6 = await six.ListenAsync(new TransportAddress(scheme, "::1", 0), Loopback.Options(("v6only", "true")), default);
        var port = ((IPEndPoint)v6.LocalEndPoint).Port;

        await using var v4 = await four.ListenAsync(new TransportAddress(four.Scheme, "127.0.0.1", port), TransportOptions.None, default);

        ((IPEndPoint)v4.LocalEndPoint).Port.ShouldBe(port);
    }

    [TestCase("tcp6", TransportKind.Stream)]
    [TestCase("udp6", TransportKind.Datagram)]
    public async Task A_listener_with_v6only_false_on_the_mapped_loopback_takes_the_ipv4_side_of_its_port(string scheme, TransportKind kind)
    {
        // The contrast with the test above: without v6only the IPv6 socket owns the IPv4 port too
        var six = new SocketTransport(scheme, AddressFamily.InterNetworkV6, kind);
        var four = new SocketTransport(scheme.TrimEnd('6'), AddressFamily.InterNetwork, kind);
        await using var v6 = await six.ListenAsync(new TransportAddress(scheme, "::ffff:127.0.0.1", 0), Loopback.Options(("v6only", "false")), default);
        var port = ((IPEndPoint)v6.LocalEndPoint).Port;

        var error = await Should.ThrowAsync<TransportException>(
            async () => await four.ListenAsync(new TransportAddress(four.Scheme, "127.0.0.1", port), TransportOptions.None, default));

        error.Error.ShouldBe(TransportError.AddressInUse);
    }

    [Test]
    public async Task A_listener_with_v6only_false_accepts_an_ipv4_client_as_an_ipv4_mapped_address()
    {
        // Given an IPv6 listener on the IPv4-mapped loopback address, not v6only
        var tcp6 = Loopback.Tcp6.Transport;
        await using var listener = await tcp6.ListenAsync(new TransportAddress("tcp6", "::ffff:127.0.0.1", 0), Loopback.Options(("v6only", "false")), default);
        var accepting = listener.AcceptAsync(default);

        // When a plain IPv4 client connects to it
        await using var client = await Loopback.Tcp.ConnectAsync<IStreamConnection>(Loopback.Tcp.At(((IPEndPoint)listener.LocalEndPoint).Port));
        await using var server = await accepting;

        // Then the IPv6 socket sees the client at the IPv4-mapped form of its address
        var remote = (IPEndPoint)server.RemoteEndPoint;
        remote.AddressFamily.ShouldBe(AddressFamily.InterNetworkV6);
        remote.Address.IsIPv4MappedToIPv6.ShouldBeTrue();
        remote.Address.MapToIPv4().ShouldBe(IPAddress.Loopback);
    }

    [Test]
    public async Task Binding_an_ipv4_mapped_address_with_v6only_says_which_option_to_change()
    {
        var error = await Should.ThrowAsync<TransportException>(
            async () => await Loopback.Tcp6.Transport.ListenAsync(new TransportAddress("tcp6", "::ffff:127.0.0.1", 0), TransportOptions.None, default));

        error.Message.ShouldContain("v6only: false");
    }

    [Test]
    public void A_scope_id_given_by_interface_name_becomes_that_interfaces_index()
    {
        var literal = AddressResolver.TryParseLiteral(new TransportAddress("udp6", "fe80::1%lo", 7), IpFamily.V6, TransportKind.Datagram)!;

        literal.ToString().ShouldStartWith("fe80::1%");
        literal.ScopeId.ShouldBe(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Single(n => n.Name == "lo").GetIPProperties().GetIPv6Properties().Index);
    }

    [Test]
    public void A_numeric_scope_id_is_kept()
    {
        var literal = AddressResolver.TryParseLiteral(new TransportAddress("tcp6", "fe80::1%3", 7), IpFamily.V6, TransportKind.Stream)!;

        literal.ScopeId.ShouldBe(3);
    }

    [Test]
    public void A_scope_id_naming_no_interface_is_an_error_naming_it()
    {
        var error = Should.Throw<TransportException>(
            () => AddressResolver.TryParseLiteral(new TransportAddress("tcp6", "fe80::1%nosuch0", 7), IpFamily.V6, TransportKind.Stream));

        error.Message.ShouldContain("'nosuch0'");
    }

    [TestCase("tcp", "::1", "tcp6://[::1]:7")]
    [TestCase("udp", "::1", "udp6://[::1]:7")]
    [TestCase("tcp6", "127.0.0.1", "tcp://127.0.0.1:7")]
    [TestCase("udp6", "127.0.0.1", "udp6://[::ffff:127.0.0.1]:7")]
    public void A_literal_of_the_other_family_points_at_the_right_scheme(string scheme, string host, string hint)
    {
        var v6 = scheme.EndsWith('6');
        var kind = scheme.StartsWith("udp", StringComparison.Ordinal) ? TransportKind.Datagram : TransportKind.Stream;

        var error = Should.Throw<TransportException>(
            () => AddressResolver.TryParseLiteral(new TransportAddress(scheme, host, 7), v6 ? IpFamily.V6 : IpFamily.V4, kind));

        error.Message.ShouldContain(hint);
        error.Error.ShouldNotBe(TransportError.AddressFamilyNotSupported);
    }

    [Test]
    public async Task A_host_name_without_an_ipv6_address_is_not_found_for_tcp6()
    {
        // /etc/hosts gives this name an IPv4 address at most; tcp6 never falls back to IPv4.
        var error = await Should.ThrowAsync<TransportException>(
            async () => await Loopback.Tcp6.ConnectAsync<IStreamConnection>(new TransportAddress("tcp6", "harness-no-such-host.invalid", 7)));

        error.Error.ShouldBe(TransportError.HostNotFound);
        error.Message.ShouldContain("no IPv6 address");
    }

    [TestCase(SocketError.AddressFamilyNotSupported)]
    [TestCase(SocketError.AddressNotAvailable)]
    public void A_host_without_ipv6_is_reported_as_such_when_the_loopback_fails(SocketError error)
    {
        // Given the errors a host with IPv6 disabled gives: no AF_INET6 sockets, or no ::1 to bind
        var cause = new SocketException((int)error);

        var translated = IpFamily.V6.Translate(cause, "listen on udp6://[::1]:0", TransportKind.Datagram, IPAddress.IPv6Loopback);

        translated.Error.ShouldBe(TransportError.AddressFamilyNotSupported);
        translated.Message.ShouldBe("listen on udp6://[::1]:0: IPv6 is not available on this host");
    }

    [Test]
    public void An_address_missing_elsewhere_is_not_mistaken_for_a_host_without_ipv6()
    {
        var cause = new SocketException((int)SocketError.AddressNotAvailable);

        var translated = IpFamily.V6.Translate(cause, "listen on tcp6://[2001:db8::1]:0", TransportKind.Stream, IPAddress.Parse("2001:db8::1"));

        translated.Error.ShouldBe(TransportError.AddressNotAvailable);
    }
}
