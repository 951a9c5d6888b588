using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Transports.Sockets;
using Harness.Transports.Udp;

[assembly: HarnessPlugin(typeof(UdpPlugin))]

namespace Harness.Transports.Udp;

/// <summary>
/// Contributes the <c>udp</c> transport: UDP datagrams over IPv4 only (IPv6 is <c>udp6</c>). One send is
/// one datagram and one expect matches one datagram.
/// </summary>
internal sealed class UdpPlugin : IHarnessPlugin
{
    internal static SocketTransport Transport() => new("udp", AddressFamily.InterNetwork, TransportKind.Datagram);

    public void Register(IPluginRegistry registry) => registry.AddTransport(Transport());
}
