using System.Text;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>TCP has no message boundaries: expectations must hold however the bytes are split.</summary>
public sealed class FragmentedStreamTests
{
    [Test]
    public async Task Data_arriving_one_byte_at_a_time_still_matches_an_exact_expectation()
    {
        var result = await RunAsync(OneByteAtATime("Hello, Server!"), """
            - expect: "Hello, Server!"
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Data_split_inside_a_multibyte_utf8_character_still_matches()
    {
        var bytes = Encoding.UTF8.GetBytes("Grüße €");
        var split = new[] { bytes[..3], bytes[3..9], bytes[9..] };

        var result = await RunAsync(split, """
            - expect: { regex: "Grüße €" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Two_messages_in_one_receive_satisfy_two_expectations()
    {
        var result = await RunAsync([Encoding.UTF8.GetBytes("first\nsecond\n")], """
            - expect: "first\n"
            - expect: "second\n"
            - expect: { closed: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_peer_that_closes_early_fails_with_what_arrived()
    {
        var result = await RunAsync([Encoding.UTF8.GetBytes("Hel")], """
            - expect: "Hello"
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("only 3 of 5 bytes arrived");
        result.Failure.Received!.Value.ToArray().ShouldBe(Encoding.UTF8.GetBytes("Hel"));
    }

    [TestCase("contains: \"World\"")]
    [TestCase("regex: \"Wor+ld\"")]
    [TestCase("json: { ok: true }")]
    [TestCase("closed: true")]
    public async Task A_failed_expectation_that_is_not_exact_bytes_shows_no_diff_against_empty_expected_bytes(string expectation)
    {
        var result = await RunAsync([Encoding.UTF8.GetBytes("Hel")], $"- expect: {{ {expectation} }}");

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.ExpectedBytes.ShouldBeNull();
        Harness.Engine.Reporting.FailureStory.Lines(result, result.Failure).ShouldNotContain(line => line.Contains("first difference", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_silent_peer_fails_at_the_step_timeout_with_how_long_it_waited()
    {
        var transport = new ScriptedTransport(() => [], closeAfter: false);
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(transport), new RunSettings());
        var scenario = Scenarios.Parse("""
            name: silent
            steps:
              - connect: scripted://peer:1
              - expect: "anything"
                timeout: 200ms
            """);

        var result = await runner.RunAsync(scenario, CancellationToken.None);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldBe("nothing arrived within 200 ms");
        result.Failure.Waited!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }

    private static byte[][] OneByteAtATime(string text) => Encoding.UTF8.GetBytes(text).Select(b => new[] { b }).ToArray();

    private static Task<ScenarioResult> RunAsync(IReadOnlyList<byte[]> chunks, string steps)
    {
        var transport = new ScriptedTransport(() => chunks);
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(transport), new RunSettings());
        var indented = string.Join('\n', steps.Split('\n').Select(line => "  " + line));
        var scenario = Scenarios.Parse($"""
            name: fragments
            steps:
              - connect: scripted://peer:1
            {indented}
            """);
        return runner.RunAsync(scenario, CancellationToken.None);
    }
}
