using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The scenario language end to end over the tcp plugin on loopback: payloads, framing, captures, flow, server side.</summary>
public sealed class LanguageRunTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task Hex_base64_pattern_and_file_payloads_come_back_from_the_echo_peer()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "blob.bin"), [1, 2, 3, 250]);
        var result = await RunAsync("""
            name: payloads
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: { hex: "de ad be ef" }
              - expect: { base64: "3q2+7w==" }
              - send: { file: blob.bin }
              - expect: { hex: "010203fa" }
              - send: { pattern: "abc", size: 100000 }
              - expect: { echo: true }
              - send: { pattern: "xy", size: 5 }
              - expect: { text: "xyxyx", within: 2s }
              - send: { hex: "${client.index}${client.index}" }
              - expect: { hex: "11" }
              - send: { hex: "${client.index}f" }
              - expect: { echo: true }
            """, folder.Path);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_delimited_reply_is_matched_whole_and_the_delimiter_is_consumed()
    {
        await using var server = TestServer.Lines(line => line.ToUpperInvariant());
        var result = await RunAsync($$"""
            name: lines
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "hello\nworld\n"
              - expect: { text: HELLO, until: "\n" }
              - expect: { text: WORLD, until: "\n" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_framed_reply_with_more_than_expected_fails_and_shows_the_reply()
    {
        await using var server = TestServer.Lines(line => line + "!");
        var result = await RunAsync($$"""
            name: lines
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "hello\n"
              - expect: { text: hello, until: "\n" }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("\"hello!\"");
    }

    [Test]
    public async Task Length_prefixed_send_and_expect_round_trip_in_both_byte_orders()
    {
        var result = await RunAsync("""
            name: prefixed
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: { text: "ping", prefix: 2 }
              - expect: { text: "ping", prefix: 2 }
              - send: { text: "pong", prefix: { size: 4, endian: little, includes_header: true } }
              - expect: { hex: "08 00 00 00 70 6f 6e 67" }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Json_equality_ignores_key_order_and_a_json_path_reaches_into_the_reply()
    {
        var result = await RunAsync("""
            name: json
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: '{"b": [1, 2.0], "a": {"name": "x"}}'
              - expect: { json: { a: { name: x }, b: [1, 2] } }
              - send: '{"user": {"id": 7, "tags": ["p", "q"]}}'
              - expect: { jsonpath: { path: "$.user.tags[-1]", equals: q } }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_json_path_with_another_value_fails_saying_what_is_there()
    {
        var result = await RunAsync("""
            name: json
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: '{"status": "error"}'
              - expect: { jsonpath: { path: "$.status", equals: ok } }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("$.status is \"error\"");
    }

    [Test]
    public async Task A_capture_feeds_a_later_step()
    {
        var result = await RunAsync("""
            name: capture
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "session=4711;\n"
              - expect: { regex: "session=\\d+;", capture: { session: { regex: "session=(\\d+)" } } }
              - send: '{"user": {"name": "ada"}}'
              - expect: { jsonpath: $.user, capture: { user: { jsonpath: $.user.name } } }
              - send: "${session}/${user}"
              - expect: "4711/ada"
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Not_fails_when_the_framed_reply_holds_what_must_not_be_there()
    {
        await using var server = TestServer.Lines(line => line == "bad" ? "ERROR: bad" : "OK");
        var result = await RunAsync($$"""
            name: not
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "good\n"
              - expect: { not: { contains: ERROR }, until: "\n" }
              - send: "bad\n"
              - expect: { not: { contains: ERROR }, until: "\n" }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Step!.Location.Line.ShouldBe(7);
        result.Failure.Message.ShouldContain("must not be");
    }

    [Test]
    public async Task A_reply_slower_than_within_fails_as_a_latency_bound()
    {
        await using var server = new TestServer(async (client, _, ct) =>
        {
            var buffer = new byte[16];
            _ = await client.GetStream().ReadAsync(buffer, ct);
            await Task.Delay(400, ct);
            await client.GetStream().WriteAsync("late"u8.ToArray(), ct);
            await Task.Delay(2000, ct);
        });
        var result = await RunAsync($$"""
            name: slow
            steps:
              - connect: tcp://{{server.Endpoint}}
              - send: "hi"
              - expect: { text: late, within: 100ms }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("within 100 ms");
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task Repeat_runs_its_steps_per_item_and_sleep_and_shutdown_work()
    {
        var result = await RunAsync("""
            name: repeat
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - repeat: { over: [red, green], as: colour }
                steps:
                  - send: "${colour};"
                  - expect: "${colour};"
              - repeat: 3
                as: n
                steps:
                  - send: "${n}"
                  - expect: { echo: true }
              - sleep: 10ms
              - shutdown
              - expect: { closed: true }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task A_failure_inside_repeat_names_the_inner_step()
    {
        var result = await RunAsync("""
            name: repeat
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - repeat: { over: [a, b] }
                steps:
                  - send: "${item}"
                  - expect: { text: a, timeout: 300ms }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Step!.Location.Line.ShouldBe(9);
    }

    [Test]
    public async Task Connection_variables_give_the_ephemeral_port()
    {
        await using var server = Lines((client, line) => ((IPEndPoint)client.Client.RemoteEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await RunAsync($$"""
            name: ports
            steps:
              - connect: tcp://{{server.Endpoint}}
                as: alice
              - send: "which port?\n"
                on: alice
              - expect: "${connections.alice.local.port}\n"
                on: alice
              - send: "${connections.alice.remote.endpoint}"
                on: alice
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task Two_named_connections_play_a_chat_relay()
    {
        await using var server = TestServer.Chat();
        var result = await RunAsync($$"""
            name: chat
            steps:
              - connect: tcp://{{server.Endpoint}}
                as: alice
              - connect: tcp://{{server.Endpoint}}
                as: bob
              - sleep: 100ms
              - send: { text: "hello bob\n", on: alice }
              - expect: { text: "hello bob", until: "\n", on: bob }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
    }

    [Test]
    public async Task The_harness_plays_the_server_for_a_client()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var client = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, port, stop.Token);
                    await tcp.GetStream().WriteAsync("HELO client\n"u8.ToArray(), stop.Token);
                    var buffer = new byte[64];
                    var read = await tcp.GetStream().ReadAsync(buffer, stop.Token);
                    return Encoding.UTF8.GetString(buffer, 0, read);
                }
                catch (SocketException)
                {
                    await Task.Delay(20, stop.Token);
                }
            }
        });
        var result = await RunAsync($$"""
            name: server side
            steps:
              - listen: tcp://127.0.0.1:{{port}}
                as: srv
              - accept: { on: srv, as: c1, timeout: 5s }
              - expect: { regex: "^HELO (\\w+)", until: "\n", on: c1, capture: { who: { regex: "HELO (\\w+)" } } }
              - send: { text: "250 hello ${who} on ${listeners.srv.port}", on: c1 }
              - close: { on: c1 }
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        (await client).ShouldBe($"250 hello client on {port}");
    }

    [Test]
    public async Task Concurrent_clients_each_have_their_own_connection_and_index()
    {
        var result = await RunAsync("""
            name: many
            clients: 20
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "I am ${client.index} of ${client.count};"
              - expect: "I am ${client.index} of 20;"
            """);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Clients.Count.ShouldBe(20);
        result.Clients.Select(c => c.Index).ShouldBe(Enumerable.Range(1, 20));
    }

    [Test]
    public async Task When_some_clients_fail_the_result_says_which()
    {
        var result = await RunAsync("""
            name: some fail
            clients: 5
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "client ${client.index};"
              - expect: { text: "client 3;", timeout: 2s }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldStartWith("4 of 5 clients failed (clients 1, 2, 4, 5); client 1:");
        result.Clients.Single(c => c.Outcome == Outcome.Passed).Index.ShouldBe(3);
    }

    private static TestServer Lines(Func<TcpClient, string, string> reply) => new(async (client, _, ct) =>
    {
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(reply(client, line) + "\n"), ct);
        }
    });

    private static Task<ScenarioResult> RunAsync(string yaml, string? folder = null) =>
        new ScenarioRunner(Catalog, new RunSettings { StepTimeout = TimeSpan.FromSeconds(3) })
            .RunAsync(Scenarios.Parse(yaml, folder: folder), CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
