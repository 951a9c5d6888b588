using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>The address family a transport is bound to, with the words a message needs.</summary>
internal sealed record IpFamily(AddressFamily AddressFamily, string Name, IPAddress Loopback, IPAddress Any, string OtherStreamScheme, string OtherDatagramScheme)
{
    public static IpFamily V4 { get; } = new(AddressFamily.InterNetwork, "IPv4", IPAddress.Loopback, IPAddress.Any, "tcp6", "udp6");

    public static IpFamily V6 { get; } = new(AddressFamily.InterNetworkV6, "IPv6", IPAddress.IPv6Loopback, IPAddress.IPv6Any, "tcp", "udp");

    public bool IsV6 => AddressFamily == AddressFamily.InterNetworkV6;

    public static IpFamily Of(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => V4,
        AddressFamily.InterNetworkV6 => V6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6 are supported"),
    };

    /// <summary>The scheme of the same kind for the other family, to point a user at it.</summary>
    public string OtherScheme(TransportKind kind) => kind == TransportKind.Stream ? OtherStreamScheme : OtherDatagramScheme;

    /// <summary>
    /// Creates a socket of this family. A host without IPv6 fails here (or at bind), which is reported as
    /// "IPv6 is not available on this host" rather than a bare socket error.
    /// </summary>
    public Socket CreateSocket(TransportKind kind, string what)
    {
        if (IsV6 && !Socket.OSSupportsIPv6)
        {
            throw SocketErrors.NoIPv6Available(what);
        }

        try
        {
            return kind == TransportKind.Stream
                ? new Socket(AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException ex) when (IsV6 && SocketErrors.MeansNoIPv6(ex, loopbackInvolved: true))
        {
            throw SocketErrors.NoIPv6Available(what, ex);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, what, kind);
        }
    }

    /// <summary>Translates a socket error; on IPv6 a missing loopback means no IPv6 at all.</summary>
    public TransportException Translate(SocketException ex, string what, TransportKind kind, IPAddress address) =>
        IsV6 && SocketErrors.MeansNoIPv6(ex, IPAddress.IPv6Loopback.Equals(address))
            ? SocketErrors.NoIPv6Available(what, ex)
            : SocketErrors.Translate(ex, what, kind);
}
