using System.Text;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Running;

namespace Harness.Benchmarks;

/// <summary>
/// 10,000 send/expect exchanges of "Hello, Server!" against an echo server in another process:
/// the harness running a scenario, against a raw Socket client doing the same exchanges.
/// </summary>
internal static class ExchangeBenchmark
{
    public static async Task<Row> RunAsync(PluginCatalog catalog, int exchanges, int runs, CancellationToken cancellationToken)
    {
        using var server = new EchoServerProcess();
        var message = Encoding.UTF8.GetBytes("Hello, Server!");
        var yaml = new StringBuilder($"name: {exchanges} exchanges\nsteps:\n  - connect: tcp://127.0.0.1:{server.Port}\n");
        for (var i = 0; i < exchanges; i++)
        {
            yaml.Append("  - send: \"Hello, Server!\"\n  - expect: { echo: true }\n");
        }

        var scenario = new ScenarioLoader(new LoadOptions()).Load(yaml.ToString(), "exchanges.yaml").Single();
        var runner = new ScenarioRunner(catalog, new RunSettings());
        var (raw, harness) = await Measure.PairAsync(
            runs,
            () => RawClient.ExchangeAsync(server.Port, message, exchanges, cancellationToken),
            async () =>
            {
                var result = await runner.RunAsync(scenario, cancellationToken);
                if (result.Outcome != Outcome.Passed)
                {
                    throw new InvalidOperationException($"the scenario did not pass: {result.Failure?.Message}");
                }
            });
        return new Row(
            $"exchange overhead ({exchanges:N0} x 14 B)",
            $"raw {raw.TotalMilliseconds / exchanges * 1000:0.0} us/exchange, harness {harness.TotalMilliseconds / exchanges * 1000:0.0} us/exchange",
            harness / raw,
            "harness time / raw time",
            "<= 1.15",
            harness / raw <= 1.15);
    }
}
