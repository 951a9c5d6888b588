namespace Harness.Abstractions;

/// <summary>What went wrong on the wire, in terms a report can explain.</summary>
public enum TransportError
{
    /// <summary>Anything not listed below; the message says what.</summary>
    Other,

    /// <summary>Nothing listens there: a TCP RST to a SYN, or an ICMP port unreachable for UDP.</summary>
    ConnectionRefused,

    /// <summary>The peer reset the connection.</summary>
    ConnectionReset,

    /// <summary>No route to the host, or the network is down.</summary>
    HostUnreachable,

    /// <summary>The host name did not resolve (to an address of the transport's family).</summary>
    HostNotFound,

    /// <summary>The local address is already taken.</summary>
    AddressInUse,

    /// <summary>The local address does not exist on this host.</summary>
    AddressNotAvailable,

    /// <summary>The address family is not available on this host (for example no IPv6).</summary>
    AddressFamilyNotSupported,

    /// <summary>A datagram is larger than the transport can carry.</summary>
    MessageTooLarge,
}

/// <summary>A failure of a transport operation, classified so the engine can report it plainly.</summary>
public sealed class TransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The classification.</param>
    /// <param name="message">A sentence for the user, naming the address involved.</param>
    /// <param name="innerException">The system's own error, if any.</param>
    public TransportException(TransportError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>Creates an unclassified exception.</summary>
    public TransportException()
        : this(TransportError.Other, "transport failure")
    {
    }

    /// <summary>Creates an unclassified exception with a message.</summary>
    /// <param name="message">A sentence for the user.</param>
    public TransportException(string message)
        : this(TransportError.Other, message)
    {
    }

    /// <summary>Creates an unclassified exception with a message and a cause.</summary>
    /// <param name="message">A sentence for the user.</param>
    /// <param name="innerException">The cause.</param>
    public TransportException(string message, Exception innerException)
        : this(TransportError.Other, message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public TransportError Error { get; }
}
