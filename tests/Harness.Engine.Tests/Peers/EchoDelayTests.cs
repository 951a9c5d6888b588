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
    public void A_delay_that_is_not_a_duration_is_an_error_at_its_place_before_anything_runs()
    {
        var error = Should.Throw<Harness.Engine.Loading.ScenarioException>(() => RunAsync("soon"));

        error.Message.ShouldStartWith("test.yaml:3:");
        error.Message.ShouldContain("option `delay` of `echo`: must be a duration such as 50ms");
    }
}
