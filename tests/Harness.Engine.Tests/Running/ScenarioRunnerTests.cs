using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The runner over the real tcp plugin and the built-in echo peer, on loopback.</summary>
public sealed class ScenarioRunnerTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task The_echo_conversation_passes_against_the_builtin_echo_peer()
    {
        var result = await RunAsync("""
            name: echo
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!"
              - expect: { echo: true }
              - close
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Steps.Count.ShouldBe(4);
    }

    [Test]
    public async Task A_wrong_expectation_fails_with_expected_and_received()
    {
        var result = await RunAsync("""
            name: wrong
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!"
              - expect: "Hello, World!"
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Step!.Keyword.ShouldBe("expect");
        result.Failure.Expected.ShouldBe("text \"Hello, World!\"");
        System.Text.Encoding.UTF8.GetString(result.Failure.Received!.Value.Span).ShouldBe("Hello, Server!");
    }

    [Test]
    public async Task Connecting_where_nothing_listens_fails_saying_connection_refused()
    {
        var port = FreePort();
        var result = await RunAsync($"""
            name: refused
            steps:
              - connect: tcp://127.0.0.1:{port}
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("connection refused");
    }

    [Test]
    public async Task A_scheme_no_plugin_provides_cannot_run_and_names_the_folders_searched()
    {
        var result = await RunAsync("""
            name: unknown scheme
            steps:
              - connect: sctp://127.0.0.1:7
            """);

        result.Outcome.ShouldBe(Outcome.Errored);
        result.Failure!.Message.ShouldContain("no transport plugin provides 'sctp'");
        result.Failure.Message.ShouldContain(Repository.PluginsFolder);
    }

    [Test]
    public async Task The_scenario_timeout_bounds_the_whole_run()
    {
        var result = await RunAsync("""
            name: bounded
            timeout: 300ms
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: "never sent"
                timeout: 10s
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("timeout of 300 ms ran out");
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    private static Task<ScenarioResult> RunAsync(string yaml) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
