using System.Net.Sockets;
using Harness.Abstractions;
using Harness.Transports.IPv6;
using Harness.Transports.Sockets;

[assembly: HarnessPlugin(typeof(IPv6Plugin))]

namespace Harness.Transports.IPv6;

/// <summary>
/// Contributes <c>tcp6</c> and <c>udp6</c>: AF_INET6 sockets only. Host names resolve to IPv6 addresses only,
/// literals take a scope id (<c>[fe80::1%eth0]</c>), and listeners take <c>v6only</c> (default true).
/// </summary>
internal sealed class IPv6Plugin : IHarnessPlugin
{
    internal static SocketTransport Tcp6() => new("tcp6", AddressFamily.InterNetworkV6, TransportKind.Stream);

    internal static SocketTransport Udp6() => new("udp6", AddressFamily.InterNetworkV6, TransportKind.Datagram);

    public void Register(IPluginRegistry registry)
    {
        registry.AddTransport(Tcp6());
        registry.AddTransport(Udp6());
    }
}
