using System.Text;
using Harness.Engine.Plugins;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Safety;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>
/// Peers that flood, close half-way or go quiet mid-reply, against the step executor: every expectation ends with
/// a message that says what happened, and what a failure keeps of a flood is bounded.
/// </summary>
[Category("robustness")]
public sealed class HostileStreamTests
{
    private const int Limit = 1024 * 1024;
    private static int s_cases;

    [OneTimeTearDown]
    public static void Summarize() =>
        RobustnessSummary.Append($"hostile streams (engine): {s_cases} cases of floods, half-way closes and pauses; each decided with a message naming the cause, a flood at the 1 MiB limit keeping {StepExecutor.ReportedReceiveBytes / 1024} KiB for the report");

    [TestCase("contains: \"never\"", "")]
    [TestCase("regex: \"ne+ver\"", "")]
    [TestCase("json: { ok: true }", "{\"ok\": \"")]
    [TestCase("{ text: \"hello\", until: \"\\n\" }", "")]
    [TestCase("{ text: \"hello\", until: close }", "")]
    public async Task A_flood_fails_at_the_received_data_limit_naming_it_and_the_failure_keeps_only_the_first_bytes(string expectation, string head)
    {
        // Given a peer that sends without end, never completing the expectation
        var flood = new FloodTransport(Encoding.UTF8.GetBytes(head));

        // When the expectation waits for it, with a 1 MiB limit and a timeout far beyond what the flood needs
        var result = await RunAsync(flood, $"- expect: {(expectation.StartsWith('{') ? expectation : "{ " + expectation + " }")}\n  timeout: 30s");

        // Then it fails at the limit, naming it and where to raise it, having read no more than the limit
        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldBe("1048576 bytes arrived without a decision: that is the received-data limit of 1 MiB (defaults.maxReceive in harness.yaml)");
        flood.Delivered.ShouldBe(Limit);
        result.Failure.Received!.Value.Length.ShouldBe(StepExecutor.ReportedReceiveBytes);
        result.Failure.ReceivedLength.ShouldBe(Limit);
        FailureStory.Lines(result, result.Failure).ShouldContain(line => line.Contains("(1048576 bytes; the report keeps the first 65536)", StringComparison.Ordinal));
        s_cases++;
    }

    [TestCase("closed: true", "4096 bytes arrived instead")]
    [TestCase("nothing: 500ms", "4096 bytes arrived within 500 ms where nothing was expected")]
    [TestCase("text: \"hello\"", "differs at byte 0")]
    public async Task A_flood_fails_an_expectation_that_its_first_bytes_decide_without_reading_on(string expectation, string message)
    {
        var flood = new FloodTransport([]);

        var result = await RunAsync(flood, $"- expect: {{ {expectation} }}");

        // (the first receive is one 4 KiB read)
        result.Failure!.Message.ShouldBe(message);
        flood.Delivered.ShouldBe(4096);
        s_cases++;
    }

    [TestCase("length: 2000000", 2000000)]
    [TestCase("{ text: \"x\", bytes: 1048577 }", 1048577)]
    [TestCase("{ pattern: \"ab\", size: 1048577 }", 1048577)]
    public async Task An_expectation_that_needs_more_bytes_than_the_limit_fails_before_it_reads_any(string expectation, int needed)
    {
        var flood = new FloodTransport([]);

        var result = await RunAsync(flood, $"- expect: {(expectation.StartsWith('{') ? expectation : "{ " + expectation + " }")}");

        result.Failure!.Message.ShouldBe($"the expectation needs at least {needed} bytes, more than the received-data limit of 1 MiB (defaults.maxReceive in harness.yaml)");
        flood.Delivered.ShouldBe(0);
        s_cases++;
    }

    [Test]
    public async Task A_length_prefix_that_announces_more_than_the_limit_fails_as_soon_as_it_arrives()
    {
        var flood = new FloodTransport([0x40, 0x00, 0x00, 0x00]);

        var result = await RunAsync(flood, "- expect: { text: \"hello\", prefix: 4 }");

        result.Failure!.Message.ShouldBe("the length prefix announces 1073741824 bytes, more than the received-data limit of 1 MiB (defaults.maxReceive in harness.yaml)");
        flood.Delivered.ShouldBe(4096);
        s_cases++;
    }

    [TestCase("regex: \"wor+ld\"", "the peer closed the connection after 7 bytes: no match")]
    [TestCase("contains: \"world\"", "the peer closed the connection after 7 bytes: not found")]
    [TestCase("text: \"hello, world\\n\"", "the peer closed the connection after 7 bytes: only 7 of 13 bytes arrived")]
    [TestCase("{ text: \"hello, world\", until: \"\\n\" }", "the peer closed the connection after 7 bytes, before the delimiter \"\\n\"")]
    [TestCase("{ text: \"hello, world\", until: close }", "the peer closed the connection after 7 bytes: the reply \"hello, \" does not match: only 7 of 12 bytes arrived")]
    [TestCase("length: 12", "the peer closed the connection after 7 bytes: only 7 of 12 bytes arrived")]
    public async Task A_peer_that_closes_half_way_through_the_reply_is_said_to_have_closed_after_the_bytes_it_sent(string expectation, string message)
    {
        var transport = new ScriptedTransport(() => [Encoding.UTF8.GetBytes("hello, ")]);

        var result = await RunAsync(transport, $"- expect: {(expectation.StartsWith('{') ? expectation : "{ " + expectation + " }")}");

        result.Failure!.Message.ShouldBe(message);
        result.Failure.ExpectedBytes.HasValue.ShouldBe(expectation.StartsWith("text", StringComparison.Ordinal));
        s_cases++;
    }

    [Test]
    public async Task A_failed_expectation_that_is_not_exact_shows_no_diff_against_empty_bytes()
    {
        // Given a peer that sends a little and goes quiet, and an expectation that is not exact bytes
        var transport = new ScriptedTransport(() => [Encoding.UTF8.GetBytes("xxx")], closeAfter: false);

        var result = await RunAsync(transport, "- expect: { contains: \"never\" }\n  timeout: 200ms");

        // Then the failure has no expected bytes, and its story no "first difference" against ""
        result.Failure!.Message.ShouldBe("timed out after 200 ms: the 3 bytes that arrived do not complete the expectation");
        result.Failure.ExpectedBytes.ShouldBeNull();
        FailureStory.Lines(result, result.Failure).ShouldNotContain(line => line.Contains("first difference", StringComparison.Ordinal));
        s_cases++;
    }

    [Test]
    public async Task A_reply_at_the_end_of_a_burst_larger_than_what_is_judged_on_every_receive_still_matches_when_the_bytes_pause()
    {
        // Given 2 MiB of noise in 4 KiB pieces (one receive each) that arrive back to back, then the reply, then silence
        var noise = Enumerable.Range(0, 512).Select(_ => Enumerable.Repeat((byte)'y', 4096).ToArray());
        var chunks = noise.Append(Encoding.UTF8.GetBytes("END\n")).ToList();
        var transport = new ScriptedTransport(() => chunks, closeAfter: false);

        // When a regex waits for it (judged again only as the data grows fourfold while bytes stream)
        var result = await RunAsync(transport, "- expect: { regex: \"E.D\\n\" }\n  timeout: 5s", limit: 4 * Limit);

        // Then the regex matches once the bytes pause, long before its timeout
        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Steps[^1].Duration.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        s_cases++;
    }

    [Test]
    public async Task A_reply_at_the_end_of_a_burst_still_matches_when_the_peer_resets_right_after_it()
    {
        // Given 2 MiB of noise back to back, then the reply, then a reset
        var chunks = Enumerable.Range(0, 512).Select(_ => Enumerable.Repeat((byte)'y', 4096).ToArray()).Append(Encoding.UTF8.GetBytes("END\n")).ToList();
        var transport = new ScriptedTransport(() => chunks, closeAfter: true, resetAfter: true);

        // When a regex waits for it (the last bytes not judged yet when the reset comes)
        var result = await RunAsync(transport, "- expect: { regex: \"E.D\\n\" }\n  timeout: 5s", limit: 4 * Limit);

        // Then the reply that arrived before the reset counts
        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        s_cases++;
    }

    [TestCase("- expect: { contains: \"hello\" }", "hel", "lo")]
    [TestCase("- expect: { text: \"hello\", until: \"\\r\\n\" }", "hello\r", "\n")]
    public async Task A_needle_or_delimiter_split_over_two_receives_is_still_found(string step, string first, string second)
    {
        var transport = new ScriptedTransport(() => [Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second)], closeAfter: false);

        var result = await RunAsync(transport, step + "\n  timeout: 2s");

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        s_cases++;
    }

    [Test]
    public async Task The_scenario_timeout_names_the_step_inside_a_repeat_that_was_waiting_and_what_had_arrived()
    {
        var transport = new ScriptedTransport(() => [Encoding.UTF8.GetBytes("ab")], closeAfter: false);
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(transport), new RunSettings());
        var scenario = Scenarios.Parse("""
            name: cut short
            timeout: 300ms
            steps:
              - connect: scripted://peer:1
              - repeat: 3
                steps:
                  - expect: "abc"
                    timeout: 5s
            """);

        var result = await runner.RunAsync(scenario, CancellationToken.None);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldBe("the scenario's timeout of 300 ms ran out, in expect text \"abc\" (test.yaml:7:9)");
        result.Failure.Step.ShouldBeSameAs(scenario.Steps[1]);
        Encoding.UTF8.GetString(result.Failure.Received!.Value.Span).ShouldBe("ab");
        s_cases++;
    }

    [Test]
    public async Task A_connect_that_no_one_answers_times_out_saying_what_that_usually_means()
    {
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(new UnansweredTransport()), new RunSettings());
        var scenario = Scenarios.Parse("""
            name: never accepted
            steps:
              - connect: { to: "unanswered://peer:1", timeout: 200ms }
            """);

        var result = await runner.RunAsync(scenario, CancellationToken.None);

        result.Failure!.Message.ShouldBe("could not connect to unanswered://peer:1 within 200 ms: no answer to the connection request (a server that does not accept connections, its listen backlog full, or a firewall dropping them)");
        s_cases++;
    }

    private static Task<ScenarioResult> RunAsync(Abstractions.IHarnessPlugin transport, string steps, int limit = Limit)
    {
        var scheme = ((Abstractions.ITransport)transport).Scheme;
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(transport), new RunSettings { MaxReceiveBytes = limit });
        var indented = string.Join('\n', steps.Split('\n').Select(line => "  " + line));
        var scenario = Scenarios.Parse($"""
            name: hostile
            steps:
              - connect: {scheme}://peer:1
            {indented}
            """);
        return runner.RunAsync(scenario, CancellationToken.None);
    }

    /// <summary>A transport whose connects never complete, as against a server whose listen backlog is full.</summary>
    private sealed class UnansweredTransport : Abstractions.ITransport, Abstractions.IHarnessPlugin
    {
        public string Scheme => "unanswered";

        public Abstractions.TransportKind Kind => Abstractions.TransportKind.Stream;

        public void Register(Abstractions.IPluginRegistry registry) => registry.AddTransport(this);

        public async ValueTask<Abstractions.IConnection> ConnectAsync(Abstractions.TransportAddress remote, Abstractions.TransportOptions options, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
        }

        public ValueTask<Abstractions.IListener> ListenAsync(Abstractions.TransportAddress local, Abstractions.TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
