using Harness.Abstractions;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The runner with address peers and manual starts, over the real tcp plugin on loopback.</summary>
public sealed class PeerRunTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task An_address_peer_is_a_server_someone_else_runs_reached_through_its_values()
    {
        // Given an echo server the scenario does not start
        await using var elsewhere = await BuiltinPeers.StartAsync(Catalog, "elsewhere", "echo", new TransportAddress("tcp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);

        var result = await RunAsync($$"""
            name: someone else's server
            peers:
              server: { address: "tcp://127.0.0.1:{{elsewhere.Variables["port"]}}" }
            steps:
              - connect: tcp://${peers.server.host}:${peers.server.port}
              - send: "Hello"
              - expect: { echo: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task An_address_peer_where_nothing_listens_fails_at_the_connect_step()
    {
        var result = await RunAsync("""
            name: nobody home
            peers:
              server: { address: "tcp://127.0.0.1:1" }
            steps:
              - connect: tcp://${peers.server.endpoint}
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldStartWith("could not connect to tcp://127.0.0.1:1");
    }

    [Test]
    public async Task A_manual_peer_starts_at_its_step_and_its_values_exist_from_then_on()
    {
        var result = await RunAsync("""
            name: manual
            peers:
              server: { builtin: echo, start: manual }
            steps:
              - start: server
              - connect: tcp://${peers.server.endpoint}
              - send: "late"
              - expect: { echo: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Using_a_manual_peers_values_before_its_start_step_is_reported_not_thrown()
    {
        var result = await RunAsync("""
            name: too early
            peers:
              server: { builtin: echo, start: manual }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - start: server
            """);

        result.Outcome.ShouldBe(Outcome.Errored);
        result.Failure!.Message.ShouldBe("variable ${peers.server.endpoint} has no value when this step ran");
    }

    [Test]
    public async Task A_server_that_exits_mid_scenario_shows_its_exit_in_the_failure_report()
    {
        // Given a server that serves one client and then exits
        var result = await RunAsync("""
            name: one client only
            peers:
              server:
                process:
                  command: [python3, -c, "import socket, sys; s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); c, _ = s.accept(); c.sendall(c.recv(100)); c.close(); print('bye')", "${peers.server.port}"]
                  port: auto
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "one"
              - expect: { echo: true }
              - expect: { closed: true }
              - expect: { output: "bye" }
              - expect: { output: "[harness] the program exited" }
              - connect: tcp://${peers.server.endpoint}
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Step.ShouldBe(result.Scenario.Steps[^1], result.Failure.Message);
        result.Failure.PeerOutputs.Single().Text.ShouldContain("[harness] the program exited with code 0");
    }

    private static Task<ScenarioResult> RunAsync(string yaml) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);
}
