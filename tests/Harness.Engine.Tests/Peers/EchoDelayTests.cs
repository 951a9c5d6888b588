using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>The echo peer's <c>delay</c> option, which plays a slow server (the parallel benchmark uses it).</summary>
public sealed class EchoDelayTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    private static Task<ScenarioResult> RunAsync(string delay) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(
            Scenarios.Parse($$"""
                name: slow echo
                peers:
                  server: { builtin: echo, delay: {{delay}} }
                steps:
                  - connect: tcp://${peers.server.endpoint}
                  - send: "ping"
                  - expect: { echo: true, timeout: 5s }
                """),
            CancellationToken.None);

    [Test]
    public async Task The_echo_comes_back_no_sooner_than_the_delay()
    {
        var result = await RunAsync("200ms");

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Steps[2].Duration.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }

    [Test]
    public async Task A_delay_that_is_not_a_duration_stops_the_peer_from_starting()
    {
        var result = await RunAsync("soon");

        result.Outcome.ShouldBe(Outcome.Errored);
        result.Failure!.Message.ShouldContain("delay 'soon' is not a duration");
    }
}
