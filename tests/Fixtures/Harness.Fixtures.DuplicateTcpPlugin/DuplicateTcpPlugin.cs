using Harness.Abstractions;
using Harness.Fixtures.DuplicateTcpPlugin;

[assembly: HarnessPlugin(typeof(DuplicateTcpPlugin))]

namespace Harness.Fixtures.DuplicateTcpPlugin;

/// <summary>Claims <c>tcp</c> a second time; the host must name both claimants rather than pick one.</summary>
internal sealed class DuplicateTcpPlugin : IHarnessPlugin
{
    public void Register(IPluginRegistry registry) => registry.AddTransport(new ClaimingTransport());

    private sealed class ClaimingTransport : ITransport
    {
        public string Scheme => "tcp";

        public TransportKind Kind => TransportKind.Stream;

        public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
            throw new TransportException(TransportError.Other, "the duplicate fixture never connects");

        public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
            throw new TransportException(TransportError.Other, "the duplicate fixture never listens");
    }
}
