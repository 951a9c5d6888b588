namespace Harness.Abstractions;

/// <summary>
/// A byte stream. A receive returns whatever bytes have arrived, which may be part of a message
/// or several messages: callers must never treat one receive as one message.
/// </summary>
public interface IStreamConnection : IConnection
{
    /// <summary>Receives at least one byte into <paramref name="buffer"/>, or 0 when the peer has closed its sending side.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="cancellationToken">Cancels the wait; the caller uses it for read timeouts.</param>
    /// <returns>The number of bytes received; 0 means the peer closed.</returns>
    /// <exception cref="TransportException">The connection failed, for example it was reset.</exception>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the bytes are handed to the system.</returns>
    /// <exception cref="TransportException">The connection failed, for example it was reset.</exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Closes the sending side only (a half-close): the peer reads end of stream, and receiving goes on.</summary>
    /// <param name="cancellationToken">Cancels the shutdown.</param>
    /// <returns>A task that completes when the shutdown is done.</returns>
    ValueTask ShutdownSendAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection abruptly, so that the peer sees a reset rather than an orderly close.</summary>
    void Abort();
}
