using System.Diagnostics;
using Harness.Engine.Model;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Running.Load;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running.Load;

/// <summary>The load engine over the real tcp plugin and the built-in echo peer, on loopback.</summary>
public sealed class LoadRunnerTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    private const string Echo = """
        name: echo
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "Hello, Server!"
          - expect: { echo: true }
          - close
        """;

    [Test]
    public async Task An_iteration_budget_runs_exactly_that_many_iterations_across_the_clients()
    {
        var result = await RunAsync(Echo, new LoadPlan(3, null, 50));

        result.Iterations.ShouldBe(50);
        result.FailedIterations.ShouldBe(0);
        result.Exchanges.ShouldBe(50);
        result.Steps.Select(s => s.Latency.Count).ShouldBe([50, 50, 50, 50]);
        result.Steps.Select(s => s.Step.Keyword).ShouldBe(["connect", "send", "expect", "close"]);
        result.BrokenThresholds(null).ShouldBeEmpty();
    }

    [Test]
    public async Task Exchanges_count_the_expects_inside_a_repeat()
    {
        var result = await RunAsync("""
            name: many per connection
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - repeat:
                  times: 5
                  steps:
                    - send: "ping"
                    - expect: { echo: true }
            """, new LoadPlan(2, null, 4));

        result.Iterations.ShouldBe(4);
        result.Exchanges.ShouldBe(20);
    }

    [Test]
    public async Task A_duration_ends_the_run_and_progress_is_reported()
    {
        var seen = new List<LoadProgress>();
        var plan = new LoadPlan(2, TimeSpan.FromMilliseconds(400), null) { ProgressInterval = TimeSpan.FromMilliseconds(100) };

        var result = await RunAsync(Echo, plan, p => { lock (seen) { seen.Add(p); } });

        result.Iterations.ShouldBeGreaterThan(0);
        // The stop is a timer, which may fire a fraction of a millisecond before the stopwatch reads 400 ms.
        result.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390));
        result.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        seen.ShouldNotBeEmpty();
    }

    [Test]
    public async Task Failed_iterations_are_counted_by_step_and_message_and_break_the_default_error_rate()
    {
        var result = await RunAsync("""
            name: wrong
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "ping"
              - expect: { text: "pong", timeout: 1s }
            """, new LoadPlan(2, null, 10));

        result.Iterations.ShouldBe(10);
        result.FailedIterations.ShouldBe(10);
        result.Steps[2].Failures.ShouldBe(10);
        result.Steps[2].Latency.Count.ShouldBe(0);
        result.Failures.ShouldHaveSingleItem().Message.ShouldStartWith("step 3 (expect text \"pong\"): differs at byte 1");
        result.BrokenThresholds(null).ShouldHaveSingleItem().ShouldContain("error rate 100%");
    }

    [Test]
    public void Thresholds_name_the_step_and_percentile_that_broke_them()
    {
        // Given a step whose p99 is about 10 ms and an allowed error rate of 1%
        var histogram = new LatencyHistogram();
        var tenMs = Stopwatch.Frequency / 100;
        for (var i = 0; i < 1000; i++)
        {
            histogram.Record(i < 980 ? tenMs / 10 : tenMs);
        }

        var scenario = Scenarios.Parse(Echo);
        var result = new LoadResult(scenario, 1, TimeSpan.FromSeconds(1), 1000, 5, [new StepLoadResult(3, scenario.Steps[2], histogram, 5)], []);
        var thresholds = new LoadThresholds
        {
            Latency = new Dictionary<string, TimeSpan> { ["p50"] = TimeSpan.FromMilliseconds(2), ["p99"] = TimeSpan.FromMilliseconds(5) },
            ErrorRate = 0.01,
        };

        var broken = result.BrokenThresholds(thresholds);

        broken.ShouldHaveSingleItem().ShouldStartWith("step 3 (expect the echo of the last send): p99 10.0ms is above 5.00ms");
        result.BrokenThresholds(thresholds with { ErrorRate = 0.001 }).Count.ShouldBe(2);
    }

    [Test]
    public async Task A_peer_that_cannot_start_is_an_error_before_any_client_runs()
    {
        // Given a built-in peer whose port is already taken
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var scenario = Scenarios.Parse(
            "name: port taken\npeers:\n  server: { builtin: echo, port: " + port + " }\nsteps:\n  - connect: tcp://${peers.server.endpoint}\n");

        await Should.ThrowAsync<Harness.Abstractions.PeerStartException>(() => new LoadRunner(Catalog, new RunSettings()).RunAsync(scenario, new LoadPlan(1, null, 1), null, CancellationToken.None));
    }

    private static Task<LoadResult> RunAsync(string yaml, LoadPlan plan, Action<LoadProgress>? progress = null) =>
        new LoadRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), plan, progress, CancellationToken.None);
}
