using System.Diagnostics;
using Harness.Engine.Model;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Safety;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Faults;

/// <summary>The fault proxy on TCP, over the real tcp plugin on loopback.</summary>
[Category("robustness")]
public sealed class StreamFaultTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [OneTimeTearDown]
    public void Summarize() =>
        RobustnessSummary.Append($"fault proxy over tcp (chunks, latency, bandwidth, close and reset after bytes or time, stall, a proxy per client): {TestContext.CurrentContext.Result.PassCount} passed, {TestContext.CurrentContext.Result.FailCount} failed");

    [Test]
    public async Task Chunked_sends_reach_the_peer_one_receive_per_chunk()
    {
        // Given a server that records the size of each of its receives
        await using var server = new RecordingServer();

        // When the harness sends 6 bytes through 1-byte chunks, far enough apart that the server reads each alone
        var result = await RunAsync($$"""
            name: chunks
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { send: { chunk: 1, delay: 50ms } } }
              - send: "Hello!"
              - expect: { echo: true }
              - close
            """);

        // Then the server read them one byte at a time, and the echo still matched
        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        server.Receives.ShouldBe(Enumerable.Repeat(1, 6));
    }

    [Test]
    public async Task Without_faults_the_same_send_arrives_in_one_receive()
    {
        await using var server = new RecordingServer();

        var result = await RunAsync($$"""
            name: whole
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "Hello, Server!"
              - expect: { echo: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        server.Receives.ShouldBe([14]);
    }

    [Test]
    public async Task Latency_holds_the_reply_back_and_the_connection_still_names_the_peer()
    {
        await using var server = new RecordingServer();

        var result = await RunAsync($$"""
            name: latency
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { receive: { latency: 300ms } } }
              - send: "ping"
              - expect: { nothing: 150ms }
              - expect: { echo: true, timeout: 5s }
              - send: "${connection.remote.endpoint}"
              - expect: { text: "{{server.Endpoint}}" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_close_after_some_bytes_delivers_exactly_those_and_then_the_end_of_the_stream()
    {
        // Given an echo server and a reply path closed after 5 bytes
        await using var server = new RecordingServer();

        // When 10 bytes are echoed
        var result = await RunAsync($$"""
            name: cut short
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { receive: { close_after: 5 } } }
              - send: "0123456789"
              - expect: { text: "01234" }
              - expect: { closed: true }
            """);

        // Then the harness read five bytes and a close, and the server saw its client close too
        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        await Eventually.TrueAsync(() => !server.Endings.IsEmpty);
        server.Endings.ShouldBe(["closed"]);
    }

    [Test]
    public async Task A_reset_after_some_bytes_resets_both_sides_and_the_story_names_the_peer()
    {
        await using var server = new RecordingServer();

        var result = await RunAsync($$"""
            name: reset
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { receive: { reset_after: 4 } } }
              - send: "0123456789"
              - expect: { text: "0123456789", timeout: 2s }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain($"{server.Endpoint} (through the fault proxy): the peer reset the connection");
        await Eventually.TrueAsync(() => !server.Endings.IsEmpty);
        server.Endings.ShouldBe(["reset"]);
    }

    [Test]
    public async Task What_was_sent_just_before_a_close_still_reaches_the_peer_through_latency()
    {
        await using var server = new RecordingServer();

        // The close comes while "bye" is still held by the proxy's latency.
        var result = await RunAsync($$"""
            name: last words
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { send: { latency: 200ms } } }
              - send: "bye"
              - close
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        await Eventually.TrueAsync(() => !server.Endings.IsEmpty);
        server.Receives.Sum().ShouldBe(3);
        server.Endings.ShouldBe(["closed"]);
    }

    [Test]
    public async Task A_close_after_a_time_ends_an_idle_connection()
    {
        await using var server = new RecordingServer();

        var result = await RunAsync($$"""
            name: idle
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { close_after: 200ms } }
              - expect: { closed: true, timeout: 5s }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_stalled_reply_never_arrives_but_the_peers_close_still_does()
    {
        // The greeter sends its greeting and closes: through a stalled reply path only the close passes.
        await using var greeter = await Harness.Engine.Peers.BuiltinPeers.StartAsync(
            Catalog, "greeter", "greet", new Harness.Abstractions.TransportAddress("tcp", "127.0.0.1", 0), new Dictionary<string, string>(), CancellationToken.None);

        var result = await RunAsync($$"""
            name: stalled
            steps:
              - connect: { to: "tcp://{{greeter.Variables["endpoint"]}}", faults: { receive: { stall: true } } }
              - expect: { closed: true, timeout: 5s }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_bandwidth_limit_stretches_a_transfer_to_the_rate()
    {
        await using var server = new RecordingServer();
        var clock = Stopwatch.StartNew();

        // 32 KiB at 64 KiB/s is half a second on the way out (the echo comes back unlimited).
        var result = await RunAsync($$"""
            name: narrow
            steps:
              - connect: { to: "tcp://{{server.Endpoint}}", faults: { send: { bandwidth: 64KiB/s } } }
              - send: { pattern: "x", size: 32768 }
              - expect: { echo: true, timeout: 10s }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400)); // a lower bound: a slow machine only adds to it
        server.Receives.Count.ShouldBeGreaterThan(10); // it arrived a slice at a time, not in one piece
    }

    [Test]
    public async Task A_refused_connection_through_faults_is_reported_as_without_them()
    {
        var result = await RunAsync("""
            name: nobody
            steps:
              - connect: { to: "tcp://127.0.0.1:1", faults: { latency: 10ms } }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("could not connect to tcp://127.0.0.1:1");
        result.Failure.Message.ShouldContain("connection refused");
    }

    [Test]
    public async Task Datagram_faults_on_a_stream_fail_the_connect_saying_what_a_stream_takes()
    {
        var result = await RunAsync("""
            name: wrong kind
            steps:
              - connect: { to: "tcp://127.0.0.1:7", faults: { drop: 10% } }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("`drop`, `duplicate` and `reorder` are for datagrams; tcp is a stream");
    }

    [Test]
    public async Task Every_client_of_a_scenario_gets_its_own_proxy()
    {
        await using var server = new RecordingServer();

        var result = await RunAsync($$"""
            name: many
            clients: 20
            faults: { send: { chunk: 2, delay: 20ms }, receive: { latency: 20ms } }
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "client ${client.index}"
              - expect: { echo: true }
              - close
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        // Each client's 8 or 9 bytes went in chunks of 2: however the server's reads fell, no client's arrived whole.
        server.Receives.Count.ShouldBeGreaterThanOrEqualTo(2 * 20);
        server.Receives.ShouldAllBe(size => size < 8);
    }

    private static Task<ScenarioResult> RunAsync(string yaml) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);
}
