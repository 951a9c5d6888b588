using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Tcp;

/// <summary>Turns the system's socket errors into <see cref="TransportException"/>s a report can explain.</summary>
internal static class SocketErrors
{
    public static TransportException Translate(SocketException ex, string what) => ex.SocketErrorCode switch
    {
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
}
