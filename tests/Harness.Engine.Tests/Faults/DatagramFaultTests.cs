using System.Text;
using Harness.Abstractions;
using Harness.Engine.Faults;
using Harness.Engine.Model;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Safety;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Faults;

/// <summary>The fault proxy on UDP, over the real udp plugin and the built-in udp-echo peer on loopback.</summary>
[Category("robustness")]
public sealed class DatagramFaultTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [OneTimeTearDown]
    public void Summarize() =>
        RobustnessSummary.Append($"fault proxy over udp (drop, duplicate, reorder, latency, seeded reproducibility, ICMP unreachable behind the proxy): {TestContext.CurrentContext.Result.PassCount} passed, {TestContext.CurrentContext.Result.FailCount} failed");

    [Test]
    public async Task Lost_duplicated_and_reordered_datagrams_arrive_as_the_faults_say()
    {
        var result = await RunAsync("""
            name: datagrams
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: { to: "udp://${peers.server.endpoint}", as: lost, faults: { receive: { drop: 100% } } }
              - send: { text: "a", on: lost }
              - expect: { nothing: 200ms, on: lost }
              - connect: { to: "udp://${peers.server.endpoint}", as: twice, faults: { duplicate: 100% } }
              - send: { text: "b", on: twice }
              - repeat: 4
                steps:
                  - expect: { text: "b", on: twice, from: "${peers.server.endpoint}" }
              - expect: { nothing: 200ms, on: twice }
              - connect: { to: "udp://${peers.server.endpoint}", as: swapped, faults: { send: { reorder: 100% } } }
              - repeat: { over: ["1", "2", "3", "4"] }
                steps:
                  - send: { text: "${item}", on: swapped }
              - expect: { text: "2", on: swapped }
              - expect: { text: "1", on: swapped }
              - expect: { text: "4", on: swapped }
              - expect: { text: "3", on: swapped }
            """);

        // Duplicated both ways, one datagram comes back four times.
        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_datagram_held_back_with_nothing_after_it_still_arrives_a_little_later()
    {
        var result = await RunAsync("""
            name: held
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: { to: "udp://${peers.server.endpoint}", faults: { send: { reorder: 100% } } }
              - send: "alone"
              - expect: { text: "alone", timeout: 2s }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task The_same_seed_loses_the_same_datagrams_and_another_seed_other_ones()
    {
        await using var server = await EchoAsync();

        var first = await SurvivorsAsync(server, seed: 7);
        var again = await SurvivorsAsync(server, seed: 7);
        var other = await SurvivorsAsync(server, seed: 8);

        again.ShouldBe(first);
        other.ShouldNotBe(first);
        first.Count.ShouldBeInRange(8, 32); // about half of 40
    }

    [Test]
    public async Task Latency_delays_each_datagram()
    {
        var result = await RunAsync("""
            name: slow datagrams
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: { to: "udp://${peers.server.endpoint}", faults: { send: { latency: 300ms } } }
              - send: "late"
              - expect: { nothing: 150ms }
              - expect: { text: "late", timeout: 5s }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task An_unreachable_port_behind_the_proxy_is_reported_as_without_it()
    {
        var result = await RunAsync("""
            name: nobody
            steps:
              - connect: { to: "udp://127.0.0.1:9", faults: { latency: 10ms } }
              - send: "anyone?"
              - expect: { text: "yes", timeout: 3s }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("the peer's port is unreachable");
    }

    [Test]
    public async Task Stream_faults_on_datagrams_fail_the_connect_saying_what_datagrams_take()
    {
        var result = await RunAsync("""
            name: wrong kind
            steps:
              - connect: { to: "udp://127.0.0.1:9", faults: { chunk: 1 } }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("`chunk`, `close_after` and `reset_after` are for streams; udp carries datagrams");
    }

    /// <summary>Which of 40 datagrams come back through a link that loses half of what is sent, with this seed.</summary>
    private static async Task<List<string>> SurvivorsAsync(BuiltinPeerServer server, int seed)
    {
        Catalog.TryGetTransport("udp", out var udp).ShouldBeTrue();
        var faults = new FaultPlan(new DirectionFaults { Drop = 0.5 }, DirectionFaults.None, seed, new SourceLocation("test.yaml", 1, 1));
        var address = new TransportAddress("udp", "127.0.0.1", int.Parse(server.Variables["port"], System.Globalization.CultureInfo.InvariantCulture));
        await using var connection = (IDatagramConnection)await FaultProxy.ConnectAsync(udp, address, TransportOptions.None, faults, seed, TimeProvider.System, CancellationToken.None);
        for (var i = 1; i <= 40; i++)
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        var survivors = new List<string>();
        var buffer = new byte[100];
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // a second of silence: the rest were lost
            try
            {
                var received = await connection.ReceiveAsync(buffer, quiet.Token);
                survivors.Add(Encoding.ASCII.GetString(buffer, 0, received.Length));
            }
            catch (OperationCanceledException)
            {
                return survivors;
            }
        }
    }

    private static Task<BuiltinPeerServer> EchoAsync() =>
        BuiltinPeers.StartAsync(Catalog, "server", "udp-echo", new TransportAddress("udp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);

    private static Task<ScenarioResult> RunAsync(string yaml) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);
}
