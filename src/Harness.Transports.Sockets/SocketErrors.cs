using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>Turns the system's socket errors into <see cref="TransportException"/>s a report can explain.</summary>
internal static class SocketErrors
{
    public const string NoIPv6 = "IPv6 is not available on this host";

    public static TransportException Translate(SocketException ex, string what, TransportKind kind = TransportKind.Stream) => ex.SocketErrorCode switch
    {
        // A connected UDP socket learns of an ICMP port unreachable as ECONNREFUSED on its next send or receive.
        SocketError.ConnectionRefused when kind == TransportKind.Datagram =>
            new(TransportError.ConnectionRefused, $"{what}: the peer's port is unreachable (ICMP port unreachable: nothing listens there)", ex),
        SocketError.ConnectionRefused => new(TransportError.ConnectionRefused, $"{what}: connection refused (nothing listens there)", ex),
        SocketError.ConnectionReset => new(TransportError.ConnectionReset, $"{what}: the peer reset the connection", ex),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown =>
            new(TransportError.HostUnreachable, $"{what}: no route to the host", ex),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new(TransportError.HostNotFound, $"{what}: the host name does not resolve", ex),
        SocketError.AddressAlreadyInUse => new(TransportError.AddressInUse, $"{what}: the address is already in use", ex),
        SocketError.AddressNotAvailable => new(TransportError.AddressNotAvailable, $"{what}: the address does not exist on this host", ex),
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported =>
            new(TransportError.AddressFamilyNotSupported, $"{what}: the address family is not available on this host", ex),
        SocketError.MessageSize => new(TransportError.MessageTooLarge, $"{what}: the message is too large", ex),
        _ => new(TransportError.Other, $"{what}: {ex.Message} ({ex.SocketErrorCode})", ex),
    };

    /// <summary>
    /// Whether <paramref name="ex"/> means the host has no IPv6 at all: the family is unsupported, or
    /// the IPv6 loopback address does not exist (IPv6 disabled by sysctl).
    /// </summary>
    public static bool MeansNoIPv6(SocketException ex, bool loopbackInvolved) => ex.SocketErrorCode switch
    {
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported => true,
        SocketError.AddressNotAvailable or SocketError.NetworkUnreachable => loopbackInvolved,
        _ => false,
    };

    public static TransportException NoIPv6Available(string what, Exception? inner = null) =>
        new(TransportError.AddressFamilyNotSupported, $"{what}: {NoIPv6}", inner);
}
