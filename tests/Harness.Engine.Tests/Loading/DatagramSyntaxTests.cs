using Harness.Engine.Model;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>The scenario syntax that datagrams and IPv6 added: nothing, from, udp-echo, and a built-in peer's transport options and port.</summary>
public sealed class DatagramSyntaxTests
{
    [Test]
    public void Nothing_takes_a_duration()
    {
        var scenario = Scenarios.Parse("""
            name: quiet
            steps:
              - connect: udp://127.0.0.1:7
              - expect: { nothing: 500ms }
            """);

        var expect = scenario.Steps[1].ShouldBeOfType<ExpectStep>();
        expect.Expectation.ShouldBe(new NothingExpectation(TimeSpan.FromMilliseconds(500)));
        expect.Describe().ShouldBe("expect nothing for 500 ms");
    }

    [Test]
    public void Nothing_without_a_duration_is_an_error_at_its_place()
    {
        var error = Scenarios.Error("""
            name: quiet
            steps:
              - connect: udp://127.0.0.1:7
              - expect: { nothing: soon }
            """);

        error.Message.ShouldStartWith("test.yaml:4:24:");
        error.Message.ShouldContain("500ms");
    }

    [Test]
    public void Nothing_with_a_timeout_is_an_error_rather_than_a_timeout_silently_ignored()
    {
        var error = Scenarios.Error("""
            name: quiet
            steps:
              - connect: udp://127.0.0.1:7
              - expect: { nothing: 1s, timeout: 2s }
            """);

        error.Message.ShouldBe("test.yaml:4:37: `nothing` carries its own duration (`nothing: 500ms`); drop `timeout`");
    }

    [Test]
    public void A_misspelt_nothing_gets_a_suggestion()
    {
        var error = Scenarios.Error("""
            name: quiet
            steps:
              - connect: udp://127.0.0.1:7
              - expect: { nothign: 1s }
            """);

        error.Message.ShouldContain("did you mean `nothing`?");
    }

    [Test]
    public void From_is_a_template_checked_at_load_time()
    {
        var scenario = Scenarios.Parse("""
            name: source
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "x"
              - expect: { text: "x", from: "${peers.server.endpoint}" }
            """);

        scenario.Steps[2].ShouldBeOfType<ExpectStep>().From!.Variables.ShouldBe(["peers.server.endpoint"]);

        var error = Scenarios.Error("""
            name: source
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - expect: { text: "x", from: "${peers.sever.endpoint}" }
            """);
        error.Message.ShouldContain("did you mean `server`?");
    }

    [Test]
    public void The_udp_echo_peer_listens_on_udp_by_default_and_on_the_ipv6_loopback_for_udp6()
    {
        var scenario = Scenarios.Parse("""
            name: peers
            peers:
              four: { builtin: udp-echo }
              six: { builtin: udp-echo, transport: udp6 }
            steps:
              - connect: udp://${peers.four.endpoint}
            """);

        var four = scenario.Peers[0].ShouldBeOfType<BuiltinPeerDeclaration>();
        var six = scenario.Peers[1].ShouldBeOfType<BuiltinPeerDeclaration>();
        (four.Transport, four.Host).ShouldBe(("udp", "127.0.0.1"));
        (six.Transport, six.Host).ShouldBe(("udp6", "::1"));
    }

    [Test]
    public void A_builtin_peer_takes_transport_options_and_an_earlier_peers_port()
    {
        var scenario = Scenarios.Parse("""
            name: shared port
            peers:
              six: { builtin: echo, transport: tcp6, options: { v6only: true } }
              four: { builtin: echo, port: "${peers.six.port}" }
            steps:
              - connect: tcp://${peers.four.endpoint}
            """);

        var six = scenario.Peers[0].ShouldBeOfType<BuiltinPeerDeclaration>();
        six.TransportOptions["v6only"].Constant.ShouldBe("true");
        var four = scenario.Peers[1].ShouldBeOfType<BuiltinPeerDeclaration>();
        four.PortTemplate!.Variables.ShouldBe(["peers.six.port"]);
    }

    [Test]
    public void A_builtin_peers_port_cannot_name_a_peer_declared_after_it()
    {
        var error = Scenarios.Error("""
            name: shared port
            peers:
              four: { builtin: echo, port: "${peers.six.port}" }
              six: { builtin: echo, transport: tcp6 }
            steps:
              - connect: tcp://${peers.four.endpoint}
            """);

        error.Message.ShouldStartWith("test.yaml:3:");
        error.Message.ShouldContain("peer 'six'");
    }

    [TestCase("127.0.0.1", 9000, "127.0.0.1:9000", true)]
    [TestCase("127.0.0.1", 9001, "127.0.0.1:9000", false)]
    [TestCase("127.0.0.2", 9000, "127.0.0.1:9000", false)]
    [TestCase("::1", 9000, "[::1]:9000", true)]
    [TestCase("::ffff:127.0.0.1", 9000, "127.0.0.1:9000", true)]
    public void A_source_matches_by_address_and_port_with_ipv4_mapped_addresses_unmapped(string address, int port, string expected, bool matches)
    {
        var source = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(address), port);

        StepExecutor.SourceMatches(source, expected).ShouldBe(matches);
    }
}
