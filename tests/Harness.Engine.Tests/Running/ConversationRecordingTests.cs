using System.Net;
using System.Text;
using Harness.Engine.Plugins;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The whole conversation, recorded when a report asks for it, over the real tcp and udp plugins on loopback.</summary>
public sealed class ConversationRecordingTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    private const string Echo = """
        name: echo twice
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "Hello"
          - expect: { echo: true }
          - send: "again"
          - expect: "again"
          - close
        """;

    [Test]
    public async Task Without_a_report_that_asks_for_it_no_conversation_is_recorded()
    {
        var result = await RunAsync(Echo, recording: null);

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Conversation.ShouldBeNull();
        result.PeerOutputs.ShouldBeEmpty();
    }

    [Test]
    public async Task A_passing_scenario_records_every_open_send_receive_and_close_in_order_with_real_endpoints()
    {
        var result = await RunAsync(Echo, new RecordingLimits());

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        var conversation = result.Conversation.ShouldNotBeNull();
        var connection = conversation.Connections.ShouldHaveSingleItem();
        connection.Scheme.ShouldBe("tcp");
        connection.Listener.ShouldBeNull();
        var remote = connection.Remote.ShouldBeOfType<IPEndPoint>();
        $"{remote.Address}:{remote.Port}".ShouldBe(result.PeerEndpoints["server"]);
        ((IPEndPoint)connection.Local).Port.ShouldBeGreaterThan(0);

        var kinds = conversation.Events.Select(e => e.Kind).ToList();
        kinds[0].ShouldBe(ConversationEventKind.Opened);
        kinds[^1].ShouldBe(ConversationEventKind.Closed);
        Text(conversation, ConversationEventKind.Sent).ShouldBe("Helloagain");
        Text(conversation, ConversationEventKind.Received).ShouldBe("Helloagain"); // however many receives it took
        conversation.Events.Select(e => e.At).ShouldBeInOrder();
        conversation.Events.First(e => e.Kind == ConversationEventKind.Sent).Step!.Keyword.ShouldBe("send");
        conversation.Truncated.ShouldBeFalse();
    }

    [Test]
    public async Task A_peer_that_closes_is_recorded_as_its_close()
    {
        var result = await RunAsync("""
            name: server closes
            peers:
              server: { builtin: greet, message: "bye\n" }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: "bye\n"
              - expect: { closed: true }
            """, new RecordingLimits());

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        var kinds = result.Conversation!.Events.Select(e => e.Kind).ToList();
        kinds.ShouldBe([ConversationEventKind.Opened, ConversationEventKind.Received, ConversationEventKind.PeerClosed, ConversationEventKind.Closed]);
    }

    [Test]
    public async Task Datagrams_are_recorded_one_event_each_never_glued()
    {
        var result = await RunAsync("""
            name: udp twice
            peers:
              server: { builtin: echo, transport: udp }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "one"
              - expect: "one"
              - send: "two"
              - expect: "two"
            """, new RecordingLimits());

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        var received = result.Conversation!.Events.Where(e => e.Kind == ConversationEventKind.Received).Select(e => Encoding.ASCII.GetString(e.Bytes.Span));
        received.ShouldBe(["one", "two"]);
    }

    [Test]
    public async Task Given_tight_limits_when_the_conversation_is_longer_then_it_is_cut_and_says_how_much_was_left_out()
    {
        var result = await RunAsync("""
            name: long
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - repeat: 20
                steps:
                  - send: "0123456789"
                  - expect: "0123456789"
            """, new RecordingLimits { MaxEvents = 10, MaxBytesPerEvent = 4 });

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        var conversation = result.Conversation!;
        conversation.Events.Count.ShouldBe(10);
        conversation.Events.ShouldAllBe(e => e.Bytes.Length <= 4);
        conversation.Events.First(e => e.Kind == ConversationEventKind.Sent).Length.ShouldBe(10);
        conversation.Truncated.ShouldBeTrue();
        conversation.EventsLeftOut.ShouldBeGreaterThan(0);
        conversation.BytesLeftOut.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Every_client_of_a_concurrent_scenario_has_its_own_conversation()
    {
        var result = await RunAsync("""
            name: three clients
            clients: 3
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "client ${client.index}"
              - expect: { echo: true }
            """, new RecordingLimits());

        result.Outcome.ShouldBe(Outcome.Passed, result.Failure?.Message);
        result.Clients.Select(c => Text(c.Conversation!, ConversationEventKind.Sent)).ShouldBe(["client 1", "client 2", "client 3"]);
    }

    [Test]
    public async Task A_secret_in_the_conversation_is_masked_before_a_reporter_sees_it()
    {
        var result = await RunAsync(Echo.Replace("Hello", "s3cret", StringComparison.Ordinal), new RecordingLimits());
        var inner = new CollectingReporter();

        new MaskingReporter(inner, new SecretMasker(["s3cret"])).ScenarioFinished(result);

        var masked = inner.Results.ShouldHaveSingleItem().Conversation!;
        Text(masked, ConversationEventKind.Sent).ShouldBe("***again");
        Text(masked, ConversationEventKind.Received).ShouldBe("***again");
    }

    private static string Text(Conversation conversation, ConversationEventKind kind) =>
        string.Concat(conversation.Events.Where(e => e.Kind == kind).Select(e => Encoding.ASCII.GetString(e.Bytes.Span)));

    private static Task<ScenarioResult> RunAsync(string yaml, RecordingLimits? recording) =>
        new ScenarioRunner(Catalog, new RunSettings { Recording = recording }).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);
}
