using System.Globalization;
using Harness.Cli.Tests.Safety;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Hostile;

/// <summary>
/// Peers that stall, trickle one byte a second, flood, close or reset half-way through the reply, or never accept:
/// through the real CLI, every expectation that such a peer could fool ends within its timeout (plus a margin for
/// process start) with exit 1 and a message a person can act on, and a flood stops at the received-data limit with
/// the harness's memory bounded. Each behaviour's ten scenarios run in one invocation; the JSON report has each verdict.
/// </summary>
[Category("robustness")]
public sealed class HostilePeerTests
{
    private const string Timeout2s = @"2\.00 s";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FloodTimeout = TimeSpan.FromSeconds(20);
    private static readonly Dictionary<string, string> s_figures = new(StringComparer.Ordinal);

    /// <summary>The default received-data limit, 64 MiB.</summary>
    private const long Cap = 64L * 1024 * 1024;

    /// <summary>What the runtime, the plugins and the GC's slack take besides the streams: a generous allowance.</summary>
    private const long Runtime = 200L * 1024 * 1024;

    [OneTimeTearDown]
    public static void Summarize()
    {
        var totals = HostileRuns.Totals;
        var figures = string.Join(", ", s_figures.Select(f => $"{f.Key} {f.Value}"));
        RobustnessSummary.Append(string.Create(CultureInfo.InvariantCulture,
            $"hostile peers: {totals.Runs} runs (tcp: stall, trickle, flood, close half-way, reset, never accept; udp: stall, flood; scenario timeout) of up to {HostileExpectation.All.Count} expectations: {totals.Scenarios} scenarios, {totals.Scenarios - totals.Passed} failed as they must and {totals.Passed} passed as they must, exit 1 each run, every scenario ended within its timeout + {HostileRuns.Margin.TotalSeconds:0} s (slowest {totals.SlowestOver.TotalSeconds:0.00} s over; slowest run {totals.SlowestRunOver.TotalSeconds:0.00} s over, process start included); {figures}"));
    }

    [Test]
    public async Task A_peer_that_stalls_fails_every_expectation_at_its_timeout_and_only_nothing_passes()
    {
        // Given a server that reads the request and never answers
        await using var server = new HostileTcpServer(HostileBehaviour.Stall, HostileExpectation.Replies);

        // When each expectation waits 2 s for its reply, then each says nothing arrived in that time; `nothing` holds
        await HostileRuns.RunAsync("tcp", "stall", server.Port, StepTimeout, Verdicts(
            $"^nothing arrived within {Timeout2s}$", ("nothing", null)), parallel: 10);
    }

    [Test]
    public async Task A_peer_that_trickles_a_byte_a_second_times_out_saying_how_many_bytes_came()
    {
        // Given a server that sends the reply one byte a second, then filler the same way, forever
        await using var server = new HostileTcpServer(HostileBehaviour.Trickle, HostileExpectation.Replies);

        // Then waiting expectations time out saying how much arrived; closed and nothing fail at the first byte
        await HostileRuns.RunAsync("tcp", "trickle", server.Port, StepTimeout, Verdicts(
            $@"^timed out after {Timeout2s}: the \d bytes that arrived do not complete the expectation",
            ("closed", "^1 bytes arrived instead$"),
            ("nothing", "^1 bytes arrived within 500 ms where nothing was expected$")), parallel: 10);
    }

    [Test]
    public async Task A_peer_that_floods_fails_at_the_received_data_limit_naming_it_with_the_harness_memory_bounded()
    {
        // Given a server that sends without end (a gigabyte and more, as long as the connection takes it)
        await using var server = new HostileTcpServer(HostileBehaviour.Flood, HostileExpectation.Replies);
        const string limit = @"the received-data limit of 64 MiB \(defaults\.maxReceive in harness\.yaml\)";

        // When each expectation waits up to 20 s, two scenarios at a time (the default on this machine)
        var (run, report) = await HostileRuns.RunAsync("tcp", "flood", server.Port, FloodTimeout, Verdicts(
            $"^67108864 bytes arrived without a decision: that is {limit}$",
            ("text", "^differs at byte 7$"),
            ("prefix", $"^the length prefix announces 1073741824 bytes, more than {limit}$"),
            ("closed", @"^\d+ bytes arrived instead$"),
            ("nothing", @"^\d+ bytes arrived within 500 ms where nothing was expected$"),
            ("length", null)), parallel: null);

        // Then the limit decides long before the timeout, each failure keeps only the first 64 KiB of the flood and the
        // last 32 transcript pieces of at most 512 bytes, and the harness's peak memory is bounded by the two streams
        // it reads at a time, whatever the peer sends: each holds the limit, up to a third more left over from growing
        // its buffer, and for a regex its text as UTF-16 (twice the bytes) and up to two thirds more left from the last
        // texts: four times the limit a stream
        var atLimit = report.Values.Where(s => s.ReceivedLength == Cap).ToList();
        atLimit.Count.ShouldBe(5, string.Join("\n", report.Values.Select(s => s.Text)));
        atLimit.ShouldAllBe(s => s.ReceivedKept == 64 * 1024 && s.DurationMs < FloodTimeout.TotalMilliseconds / 2);
        report.Values.ShouldAllBe(s => s.TranscriptLengths.Count <= 32 && s.TranscriptLengths.All(length => length <= 512));
        var bound = Runtime + (2 * 4 * Cap);
        run.PeakBytes.ShouldBeGreaterThan(0);
        run.PeakBytes.ShouldBeLessThan(bound, $"peak {run.PeakMiB:0} MiB");
        s_figures["flood"] = string.Create(CultureInfo.InvariantCulture,
            $"peak memory {run.PeakMiB:0} MiB with the 64 MiB limit, 2 streams at a time (bound {bound / (1024 * 1024)} MiB), the flooding peer sent {server.Sent / (1024 * 1024)} MiB over {server.Connections} connections");
    }

    [Test]
    public async Task A_peer_that_closes_half_way_through_the_reply_is_said_to_have_closed_after_the_bytes_it_sent()
    {
        // Given a server that sends the first 7 bytes of the reply ("hello, "), then closes its side
        await using var server = new HostileTcpServer(HostileBehaviour.CloseHalfway, HostileExpectation.Replies);

        // Then each waiting expectation says the peer closed and after how much; closed and nothing pass
        await HostileRuns.RunAsync("tcp", "close-half-way", server.Port, StepTimeout, Verdicts(
            "^the peer closed the connection after 7 bytes: ",
            ("until", "^the peer closed the connection after 7 bytes, before the delimiter \"\\\\n\"$"),
            ("prefix", "^the peer closed the connection after 7 of the 12 bytes its length prefix announced$"),
            ("text", "^the peer closed the connection after 7 bytes: only 7 of 13 bytes arrived$"),
            ("length", "^the peer closed the connection after 7 bytes: only 7 of 12 bytes arrived$"),
            ("closed", null),
            ("nothing", null)), parallel: 10);
    }

    [Test]
    public async Task A_peer_that_resets_half_way_through_the_reply_is_said_to_have_reset_the_connection()
    {
        // Given a server that sends part of the reply, then resets the connection (linger 0)
        await using var server = new HostileTcpServer(HostileBehaviour.Reset, HostileExpectation.Replies);

        await HostileRuns.RunAsync("tcp", "reset", server.Port, StepTimeout, Verdicts(
            $@"^receive from 127\.0\.0\.1:{server.Port}: the peer reset the connection$"), parallel: 10);
    }

    [Test]
    public async Task A_server_that_never_accepts_makes_connect_time_out_saying_no_one_answered()
    {
        // Given a listening socket whose backlog is full, so that the kernel drops new connection requests
        using var server = await UnacceptingServer.StartAsync(CancellationToken.None);

        await HostileRuns.RunAsync("tcp", "never-accepts", server.Port, StepTimeout, Verdicts(
            $@"^could not connect to tcp://127\.0\.0\.1:{server.Port} within {Timeout2s}: no answer to the connection request"), parallel: 10);
        s_figures["never accepts"] = $"(the backlog full after {server.Filled} connection{(server.Filled == 1 ? string.Empty : "s")})";
    }

    [Test]
    public async Task A_udp_peer_that_never_answers_fails_each_expectation_at_its_timeout()
    {
        await using var server = new HostileUdpServer(HostileBehaviour.Stall, HostileExpectation.Replies);

        await HostileRuns.RunAsync("udp", "stall", server.Port, StepTimeout, Verdicts(
            $"^no datagram arrived within {Timeout2s}$",
            ("closed", "^a datagram peer never closes"),
            ("nothing", null)), parallel: 10);
    }

    [Test]
    public async Task A_udp_peer_that_floods_datagrams_fails_each_expectation_on_the_first_one_it_judges()
    {
        // Given a server that answers the request with 1200-byte datagrams without end
        await using var server = new HostileUdpServer(HostileBehaviour.Flood, HostileExpectation.Replies);
        var from = $@"^the datagram from 127\.0\.0\.1:{server.Port} does not match: ";

        // Then each expectation judges one whole datagram, as a datagram transport does, and fails on it
        await HostileRuns.RunAsync("udp", "flood", server.Port, StepTimeout, Verdicts(
            from + "differs at byte 7$",
            ("prefix", from + "differs at byte 0$"),
            ("contains", from + "not found$"),
            ("regex", from + "no match$"),
            ("json", from + "not JSON"),
            ("length", from + "1200 bytes instead of 12$"),
            ("closed", "^a datagram peer never closes"),
            ("nothing", $@"^a datagram of 1200 bytes arrived from 127\.0\.0\.1:{server.Port} within 500 ms where nothing was expected$")), parallel: 10);
        s_figures["udp flood"] = $"({server.DatagramsSent} datagrams sent)";
    }

    [Test]
    public async Task The_scenario_timeout_cuts_a_repeat_whose_expects_each_pass_in_time_but_together_take_longer()
    {
        // Given a trickler, and scenarios whose repeats of a 1-second expect add up to 10 s under a 3 s scenario timeout
        await using var server = new HostileTcpServer(HostileBehaviour.Trickle, HostileExpectation.Replies);
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("slow.yaml", $$"""
            name: repeated length
            parallel: true
            timeout: 3s
            peers:
              server: { address: "tcp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "filler\n"
              - repeat: 10
                steps:
                  - expect: { length: 1 }
                    timeout: 2s
            ---
            name: repeated contains
            parallel: true
            timeout: 3s
            peers:
              server: { address: "tcp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "filler\n"
              - repeat: { over: [a, b, c, d, e, f, g, h, i, j] }
                steps:
                  - expect: { contains: "y" }
                    timeout: 2s
            """);

        // When they run
        var run = await MeasuredRun.RunAsync(folder.Path, TimeSpan.FromSeconds(60), "run", "slow.yaml", "--json", "report.json");
        var report = ReportedScenario.Read(Path.Combine(folder.Path, "report.json"));

        // Then each ends at its scenario timeout, naming the expect inside the repeat that was waiting
        HostileRuns.Check(run, report, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["repeated length"] = @"^the scenario's timeout of 3\.00 s ran out, in expect 1 bytes \(slow\.yaml:11:9\)$",
            ["repeated contains"] = @"^the scenario's timeout of 3\.00 s ran out, in expect data containing text ""y"" \(slow\.yaml:24:9\)$",
        }, TimeSpan.FromSeconds(3));
        report.Values.ShouldAllBe(s => s.DurationMs >= 2900, string.Join("\n", report.Values.Select(s => s.Text)));
    }

    /// <summary>Every expectation's verdict: <paramref name="others"/> by name, <paramref name="rest"/> for the others.</summary>
    private static Dictionary<string, string?> Verdicts(string rest, params (string Name, string? Verdict)[] others)
    {
        var verdicts = HostileExpectation.All.ToDictionary(e => e.Name, _ => (string?)rest, StringComparer.Ordinal);
        foreach (var (name, verdict) in others)
        {
            verdicts.ShouldContainKey(name);
            verdicts[name] = verdict;
        }

        return verdicts;
    }
}
