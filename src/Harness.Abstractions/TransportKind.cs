namespace Harness.Abstractions;

/// <summary>How a transport carries bytes.</summary>
public enum TransportKind
{
    /// <summary>An ordered byte stream with no message boundaries (TCP).</summary>
    Stream,

    /// <summary>Whole messages, each delivered at most once and never glued to another (UDP).</summary>
    Datagram,
}
