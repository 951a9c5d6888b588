using System.Text;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>Framings and JSON decide one message however TCP splits or joins the bytes.</summary>
public sealed class FramedStreamTests
{
    [Test]
    public async Task Delimited_replies_arriving_one_byte_at_a_time_are_framed_one_by_one()
    {
        var result = await RunAsync(OneByteAtATime("OK 1\r\nOK 2\r\n"), """
            - expect: { text: "OK 1", until: "\r\n" }
            - expect: { regex: "^OK \\d$", until: { hex: "0d 0a" } }
            - expect: { closed: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_little_endian_prefix_that_counts_itself_frames_the_body()
    {
        // Given a 2-byte little-endian prefix of 7 (itself plus 5), then "hello", then "rest"
        var result = await RunAsync([[0x07], [0x00, (byte)'h', (byte)'e'], Encoding.ASCII.GetBytes("llorest")], """
            - expect: { text: hello, prefix: { size: 2, endian: little, includes_header: true } }
            - expect: { text: rest, bytes: 4 }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Until_close_takes_everything_up_to_the_peers_close()
    {
        var result = await RunAsync([Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n"), Encoding.ASCII.GetBytes("body")], """
            - expect: { regex: "\r\n\r\nbody$", until: close }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_peer_closing_before_the_delimiter_fails_saying_so()
    {
        var result = await RunAsync([Encoding.ASCII.GetBytes("no newline")], """
            - expect: { text: "no newline", until: "\n" }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldBe("the peer closed the connection after 10 bytes, before the delimiter \"\\n\"");
    }

    [Test]
    public async Task A_json_value_split_at_every_byte_is_judged_once_whole_and_the_rest_stays()
    {
        var result = await RunAsync(OneByteAtATime("""{"a": {"b": [1, "x"]}} {"next": true}"""), """
            - expect: { jsonpath: { path: "$.a.b[1]", equals: x } }
            - expect: { json: { next: true } }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Not_passes_a_framed_reply_without_the_forbidden_text()
    {
        var result = await RunAsync([Encoding.ASCII.GetBytes("all good\n")], """
            - expect: { not: { contains: ERROR }, until: "\n" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Length_without_framing_takes_the_next_n_bytes_whatever_they_are()
    {
        var result = await RunAsync([[1, 2, 3], [4, 5]], """
            - expect: { length: 4 }
            - expect: { hex: "05" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_capture_takes_the_framed_reply_and_a_later_expectation_uses_it()
    {
        var result = await RunAsync([Encoding.ASCII.GetBytes("token=ab12\nab12")], """
            - expect: { regex: "^token=", until: "\n", capture: { token: { regex: "token=(?<value>\\w+)", group: value } } }
            - expect: "${token}"
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_capture_that_finds_nothing_fails_the_step_naming_the_capture()
    {
        var result = await RunAsync([Encoding.ASCII.GetBytes("no token here\n")], """
            - expect: { contains: "token", until: "\n", capture: { token: { regex: "token=(\\w+)" } } }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("capture `token`");
    }

    [Test]
    public async Task A_payload_too_long_for_its_prefix_fails_the_send_saying_the_limit()
    {
        var result = await RunAsync([], """
            - send: { pattern: "x", size: 300, prefix: 1 }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldBe("300 bytes do not fit a 1-byte length prefix (at most 255)");
    }

    private static byte[][] OneByteAtATime(string text) => Encoding.UTF8.GetBytes(text).Select(b => new[] { b }).ToArray();

    private static Task<ScenarioResult> RunAsync(IReadOnlyList<byte[]> chunks, string steps)
    {
        var transport = new ScriptedTransport(() => chunks);
        var runner = new ScenarioRunner(PluginCatalog.FromPlugins(transport), new RunSettings { StepTimeout = TimeSpan.FromSeconds(2) });
        var indented = string.Join('\n', steps.Split('\n').Select(line => "  " + line));
        var scenario = Scenarios.Parse($"""
            name: framed
            steps:
              - connect: scripted://peer:1
            {indented}
            """);
        return runner.RunAsync(scenario, CancellationToken.None);
    }
}
