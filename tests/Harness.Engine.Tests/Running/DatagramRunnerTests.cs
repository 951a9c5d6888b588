using System.Net;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The runner over datagrams: the real udp plugin with the built-in udp-echo peer, and a scripted transport for what sockets cannot stage.</summary>
public sealed class DatagramRunnerTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [Test]
    public async Task Two_sends_are_two_datagrams_so_expecting_them_glued_fails()
    {
        var result = await RunAsync(Catalog, """
            name: glued
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "one"
              - send: "two"
              - expect: "onetwo"
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("does not match: only 3 of 6 bytes arrived");
        Encoding.UTF8.GetString(result.Failure.Received!.Value.Span).ShouldBe("one");
    }

    [Test]
    public async Task Expecting_a_close_on_datagrams_fails_at_once_pointing_at_nothing()
    {
        var result = await RunAsync(Catalog, """
            name: closed
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - expect: { closed: true, timeout: 10s }
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("expect: { nothing: 500ms }");
    }

    [Test]
    public async Task A_datagram_the_transport_reports_truncated_fails_saying_so()
    {
        var catalog = PluginCatalog.FromPlugins(new TruncatingTransport());

        var result = await RunAsync(catalog, """
            name: truncated
            steps:
              - connect: dgram://127.0.0.1:7
              - expect: "cut"
            """);

        result.Outcome.ShouldBe(Outcome.Failed);
        result.Failure!.Message.ShouldContain("was truncated");
    }

    private static Task<ScenarioResult> RunAsync(PluginCatalog catalog, string yaml) =>
        new ScenarioRunner(catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);

    /// <summary>A datagram transport whose one datagram is reported cut, as a socket does when it is larger than the buffer.</summary>
    private sealed class TruncatingTransport : ITransport, IHarnessPlugin, IDatagramConnection
    {
        public string Scheme => "dgram";

        TransportKind ITransport.Kind => TransportKind.Datagram;

        TransportKind IConnection.Kind => TransportKind.Datagram;

        public EndPoint LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

        public EndPoint RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 7);

        public int MaxDatagramSize => 16;

        public void Register(IPluginRegistry registry) => registry.AddTransport(this);

        public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IConnection>(this);

        public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            "cut"u8.CopyTo(buffer.Span);
            return ValueTask.FromResult(new DatagramReceiveResult(3, RemoteEndPoint, Truncated: true));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
