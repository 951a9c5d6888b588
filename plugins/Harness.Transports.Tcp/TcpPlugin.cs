using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Transports.Sockets;
using Harness.Transports.Tcp;

[assembly: HarnessPlugin(typeof(TcpPlugin))]

namespace Harness.Transports.Tcp;

/// <summary>
/// Contributes the <c>tcp</c> transport: TCP over IPv4 only. Host names resolve to IPv4 addresses only;
/// IPv6 is the <c>tcp6</c> transport's, so that a scenario says which family it tests.
/// </summary>
internal sealed class TcpPlugin : IHarnessPlugin
{
    internal static SocketTransport Transport() => new("tcp", AddressFamily.InterNetwork, TransportKind.Stream);

    public void Register(IPluginRegistry registry) => registry.AddTransport(Transport());
}
