using System.Net;

namespace Harness.Abstractions;

/// <summary>
/// Datagrams: one send is one datagram, one receive is one datagram, never two glued together.
/// A connected socket exchanges with <see cref="IConnection.RemoteEndPoint"/> only; an unconnected
/// one sends there and receives from anyone, reporting the source of each datagram.
/// </summary>
public interface IDatagramConnection : IConnection
{
    /// <summary>The largest payload one datagram can carry on this transport.</summary>
    int MaxDatagramSize { get; }

    /// <summary>Sends <paramref name="datagram"/> as one datagram to the remote end.</summary>
    /// <param name="datagram">The payload.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the datagram is handed to the system.</returns>
    /// <exception cref="TransportException">
    /// The payload is larger than <see cref="MaxDatagramSize"/> (<see cref="TransportError.MessageTooLarge"/>),
    /// or the system refused it.
    /// </exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

    /// <summary>Receives exactly one datagram.</summary>
    /// <param name="buffer">Where to put it; a larger datagram is cut and reported as truncated.</param>
    /// <param name="cancellationToken">Cancels the wait; the caller uses it for read timeouts.</param>
    /// <returns>How many bytes arrived, from where, and whether the datagram was cut.</returns>
    /// <exception cref="TransportException">
    /// The system reported an error, such as <see cref="TransportError.ConnectionRefused"/> for an ICMP port unreachable.
    /// </exception>
    ValueTask<DatagramReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}

/// <summary>One received datagram.</summary>
/// <param name="Length">The number of bytes placed in the buffer.</param>
/// <param name="From">The endpoint that sent it.</param>
/// <param name="Truncated">Whether the datagram was larger than the buffer and was cut.</param>
public readonly record struct DatagramReceiveResult(int Length, EndPoint From, bool Truncated);
