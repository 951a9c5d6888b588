using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>UDP and IPv6 through the real CLI: built-in peers, an independent server, and the failure stories.</summary>
public sealed class DatagramAndIPv6Tests
{
    [TestCase("4", "udp", "127.0.0.1:{0}")]
    [TestCase("6", "udp6", "[::1]:{0}")]
    public async Task A_scenario_passes_against_an_independent_udp_echo_server_known_only_by_its_address(string family, string scheme, string authority)
    {
        using var server = await PythonUdpServer.StartAsync(family, "echo");
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("python.yaml", $$"""
            name: python echo
            peers:
              server: { address: "{{scheme}}://{{string.Format(System.Globalization.CultureInfo.InvariantCulture, authority, server.Port)}}" }
            steps:
              - connect: {{scheme}}://${peers.server.endpoint}
              - send: "first"
              - send: "second"
              - expect: "first"
              - expect: { text: "second", from: "${peers.server.endpoint}" }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "python.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    [Test]
    public async Task A_reply_that_differs_from_the_expected_datagram_fails_with_both_shown()
    {
        using var server = await PythonUdpServer.StartAsync("4", "upper");
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("upper.yaml", $$"""
            name: python upper
            peers:
              server: { address: "udp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "hello"
              - expect: { echo: true, timeout: 2s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "upper.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain($"the datagram from 127.0.0.1:{server.Port} does not match");
        result.Output.ShouldContain("\"HELLO\"");
    }

    [Test]
    public async Task A_reply_from_an_unexpected_address_fails_naming_where_it_came_from()
    {
        // Given a server that answers from a second socket, and an unconnected client that hears anyone
        using var server = await PythonUdpServer.StartAsync("4", "other-socket");
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("other.yaml", $$"""
            name: reply from elsewhere
            peers:
              server: { address: "udp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: udp://${peers.server.endpoint}
                options: { connected: false }
              - send: "hello"
              - expect: { text: "hello", from: "${peers.server.endpoint}", timeout: 2s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "other.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldMatch($@"the datagram came from 127\.0\.0\.1:\d+, not from 127\.0\.0\.1:{server.Port}");
    }

    [Test]
    public async Task Sending_to_a_udp_port_where_nothing_listens_fails_saying_the_port_is_unreachable()
    {
        // Given a port that was just released, so nothing listens there
        int port;
        using (var released = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
        {
            port = ((System.Net.IPEndPoint)released.Client.LocalEndPoint!).Port;
        }

        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("nobody.yaml", $$"""
            name: nobody there
            steps:
              - connect: udp://127.0.0.1:{{port}}
              - send: "anyone?"
              - expect: { text: "yes", timeout: 3s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "nobody.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("port is unreachable");
        result.Output.ShouldNotContain("no datagram arrived within");
    }

    [Test]
    public async Task A_datagram_too_large_to_send_fails_naming_both_sizes()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("large.yaml", $$"""
            name: too large
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "{{new string('x', 65508)}}"
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "large.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("a datagram of 65508 bytes is larger than the 65507 bytes one udp datagram can carry");
    }

    [TestCase("udp-echo", "udp")]
    [TestCase("echo", "tcp")]
    public async Task Nothing_fails_showing_what_arrived_and_passes_in_silence(string builtin, string scheme)
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("nothing.yaml", $$"""
            name: silence
            peers:
              server: { builtin: {{builtin}} }
            steps:
              - connect: {{scheme}}://${peers.server.endpoint}
              - expect: { nothing: 100ms }
            ---
            name: not silent
            peers:
              server: { builtin: {{builtin}} }
            steps:
              - connect: {{scheme}}://${peers.server.endpoint}
              - send: "chatter"
              - expect: { nothing: 2s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "nothing.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("PASS  silence");
        result.Output.ShouldContain("FAIL  not silent");
        result.Output.ShouldContain("where nothing was expected");
        result.Output.ShouldContain("\"chatter\"");
    }

    [Test]
    public async Task An_ipv6_literal_on_tcp_fails_pointing_at_tcp6()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("v6.yaml", """
            name: wrong family
            steps:
              - connect: tcp://[::1]:7
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "v6.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("could not connect to tcp://[::1]:7: ::1 is an IPv6 address; tcp uses IPv4 only: write tcp6://[::1]:7");
    }
}
