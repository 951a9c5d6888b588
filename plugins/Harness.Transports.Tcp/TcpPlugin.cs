using Harness.Abstractions;
using Harness.Transports.Tcp;

[assembly: HarnessPlugin(typeof(TcpPlugin))]

namespace Harness.Transports.Tcp;

/// <summary>Contributes the <c>tcp</c> transport.</summary>
internal sealed class TcpPlugin : IHarnessPlugin
{
    public void Register(IPluginRegistry registry) => registry.AddTransport(new TcpTransport());
}
