using Harness.Abstractions;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>
/// A host without IPv6, as the transports report it (AddressFamilyNotSupported): the scenario could not run
/// (exit 3), and says why in the words the transport chose. This host has IPv6, so the transport is faked.
/// </summary>
public sealed class NoIPv6Tests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.FromPlugins(new NoIPv6Plugin());

    [Test]
    public async Task Connecting_over_ipv6_on_a_host_without_it_could_not_run()
    {
        var result = await RunAsync("""
            name: needs ipv6
            steps:
              - connect: udp6://[::1]:7
            """);

        result.Outcome.ShouldBe(Outcome.Errored);
        result.Failure!.Message.ShouldContain("IPv6 is not available on this host");
    }

    [Test]
    public async Task A_builtin_peer_on_ipv6_on_a_host_without_it_could_not_run()
    {
        var result = await RunAsync("""
            name: peer needs ipv6
            peers:
              server: { builtin: udp-echo, transport: udp6 }
            steps:
              - connect: udp6://${peers.server.endpoint}
            """);

        result.Outcome.ShouldBe(Outcome.Errored);
        result.Failure!.Message.ShouldContain("peer 'server' could not start");
        result.Failure.Message.ShouldContain("IPv6 is not available on this host");
    }

    private static Task<ScenarioResult> RunAsync(string yaml) =>
        new ScenarioRunner(Catalog, new RunSettings()).RunAsync(Scenarios.Parse(yaml), CancellationToken.None);

    private sealed class NoIPv6Plugin : IHarnessPlugin, ITransport
    {
        public string Scheme => "udp6";

        public TransportKind Kind => TransportKind.Datagram;

        public void Register(IPluginRegistry registry) => registry.AddTransport(this);

        public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
            throw Unavailable($"connect to {remote}");

        public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
            throw Unavailable($"listen on {local}");

        private static TransportException Unavailable(string what) =>
            new(TransportError.AddressFamilyNotSupported, $"{what}: IPv6 is not available on this host");
    }
}
