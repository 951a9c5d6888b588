using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>Process peers, manual starts, built-in options and the steps that name peers, as loaded from YAML.</summary>
public sealed class PeerLoadingTests
{
    [Test]
    public void A_process_peer_loads_its_command_port_readiness_and_stop_settings()
    {
        var scenario = Scenarios.Parse("""
            name: process
            peers:
              server:
                process:
                  command: [python3, server.py, "${peers.server.port}"]
                  cwd: peers
                  env: { GREETING: hi }
                  port: auto
                  ready: { output: "listening" }
                  timeout: 3s
                  grace: 500ms
            steps:
              - connect: tcp://${peers.server.endpoint}
            """);

        var peer = scenario.Peers.Single().ShouldBeOfType<ProcessPeerDeclaration>();
        peer.Command.Select(c => c.Raw).ShouldBe(["python3", "server.py", "${peers.server.port}"]);
        peer.Port.ShouldBe(0);
        peer.WorkingDirectory!.Raw.ShouldBe("peers");
        peer.Environment["GREETING"].Raw.ShouldBe("hi");
        peer.Ready.ShouldBeOfType<OutputReadiness>().Text.Raw.ShouldBe("listening");
        peer.Timeout.ShouldBe(TimeSpan.FromSeconds(3));
        peer.Grace.ShouldBe(TimeSpan.FromMilliseconds(500));
        peer.StartsManually.ShouldBeFalse();
    }

    [Test]
    public void A_process_peer_with_a_port_is_ready_when_the_port_listens_unless_told_otherwise()
    {
        var scenario = Scenarios.Parse("""
            name: process
            peers:
              server: { process: { command: [./server], port: 9000 } }
              other: { process: { command: [./other] } }
            steps:
              - connect: tcp://${peers.server.endpoint}
            """);

        scenario.Peers[0].ShouldBeOfType<ProcessPeerDeclaration>().Ready.ShouldBe(new PortReadiness(null));
        scenario.Peers[1].ShouldBeOfType<ProcessPeerDeclaration>().Ready.ShouldBeOfType<ImmediateReadiness>();
    }

    [Test]
    public void A_manual_peer_waits_for_its_start_step()
    {
        var scenario = Scenarios.Parse("""
            name: client under test
            peers:
              server: { builtin: echo }
              client:
                process: { command: [python3, client.py, "${peers.server.port}"] }
                start: manual
            steps:
              - start: client
              - expect: { output: "received", timeout: 2s }
            """);

        scenario.Peers[1].StartsManually.ShouldBeTrue();
        scenario.Steps[0].ShouldBe(new StartStep(scenario.Steps[0].Location, "client"));
        scenario.Steps[1].ShouldBeOfType<ExpectStep>().Expectation.ShouldBeOfType<OutputExpectation>().Peer.ShouldBe("client");
    }

    [TestCase("command: \"python3 server.py\"", "test.yaml:3:33: command: give the program and its arguments as a list")]
    [TestCase("command: [a], ready: port", "test.yaml:3:45: `ready: port` needs the peer's `port`")]
    [TestCase("command: [a], redy: port", "test.yaml:3:38: unknown key `redy` in peer 'server' (process); did you mean `ready`?")]
    [TestCase("command: [a], ready: { output: x, delay: 1s }", "test.yaml:3:45: ready takes exactly one of: port, output, delay")]
    [TestCase("command: [], port: auto", "test.yaml:3:33: command is empty")]
    [TestCase("command: [a], port: any", "test.yaml:3:44: port (a number, or `auto` for a free one) must be a whole number")]
    public void A_mistake_in_a_process_peer_is_reported_at_its_place(string settings, string message)
    {
        var error = Scenarios.Error($$"""
            name: bad
            peers:
              server: { process: { {{settings}} } }
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldStartWith(message);
    }

    [Test]
    public void The_port_of_a_process_peer_that_declares_none_is_an_error_before_anything_runs()
    {
        var error = Scenarios.Error("""
            name: bad
            peers:
              client: { process: { command: [./client] } }
            steps:
              - connect: tcp://${peers.client.endpoint}
            """);

        error.Message.ShouldContain("process peer 'client' declares no `port`");
    }

    [Test]
    public void A_start_step_for_a_peer_that_starts_by_itself_is_refused()
    {
        var error = Scenarios.Error("""
            name: bad
            peers:
              server: { builtin: echo }
            steps:
              - start: server
            """);

        error.Message.ShouldBe("test.yaml:5:12: peer 'server' starts before the steps; declare it with `start: manual` to start it here");
    }

    [Test]
    public void A_start_step_in_a_scenario_of_many_clients_is_refused_because_one_program_cannot_start_per_client()
    {
        var error = Scenarios.Error("""
            name: bad
            clients: 3
            peers:
              client:
                process: { command: [./client] }
                start: manual
            steps:
              - repeat:
                  times: 2
                  steps:
                    - start: client
            """);

        error.Message.ShouldStartWith("test.yaml:11:11: `start` runs once per client, and this scenario has `clients: 3`");
        error.Message.ShouldContain("peer 'client' is one program");
    }

    [Test]
    public void A_misspelt_peer_in_an_output_expectation_gets_a_suggestion()
    {
        var error = Scenarios.Error("""
            name: bad
            peers:
              client: { process: { command: [./client] } }
            steps:
              - expect: { output: "x", peer: cleint }
            """);

        error.Message.ShouldBe("test.yaml:5:34: peer 'cleint' is not declared; did you mean `client`?");
    }

    [TestCase("on: alice", "test.yaml:5:28: `on` does not apply to `output`, which waits for a line a peer prints; name the peer with `peer`")]
    [TestCase("until: \"\\n\"", "test.yaml:5:28: `until` does not apply to `output`")]
    [TestCase("within: 1s", "test.yaml:5:28: `within` does not apply to `output`")]
    public void A_connection_field_on_an_output_expectation_is_an_error_not_ignored(string field, string expected)
    {
        var error = Scenarios.Error($$"""
            name: bad
            peers:
              client: { process: { command: [./client] } }
            steps:
              - expect: { output: "x", {{field}} }
            """);

        error.Message.ShouldStartWith(expected);
    }

    [Test]
    public void A_peer_field_on_a_connection_expectation_is_an_error_not_ignored()
    {
        var error = Scenarios.Error("""
            name: bad
            peers:
              client: { process: { command: [./client] } }
            steps:
              - connect: tcp://127.0.0.1:7
              - expect: { text: "x", peer: client }
            """);

        error.Message.ShouldBe("test.yaml:6:26: `peer` goes with `output` (a line a peer prints); a connection is named with `on`");
    }

    [Test]
    public void Start_takes_only_auto_or_manual()
    {
        var error = Scenarios.Error("""
            name: bad
            peers:
              server: { builtin: echo, start: later }
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldStartWith("test.yaml:3:35: start must be `auto` (before the steps) or `manual`");
    }

    [TestCase("{ builtin: http, status: 99 }", "test.yaml:3:33: peer 'web': option `status` of `http`: '99' is not an HTTP status code from 100 to 599")]
    [TestCase("{ builtin: greet, mesage: hi }", "test.yaml:3:26: unknown key `mesage` in peer 'web'; did you mean `message`?")]
    [TestCase("{ builtin: htp }", "test.yaml:3:19: unknown built-in peer `htp`; did you mean `http`?")]
    public void Built_in_peer_options_are_checked_at_load_time(string peer, string message)
    {
        var error = Scenarios.Error($"""
            name: bad
            peers:
              web: {peer}
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldBe(message);
    }
}
