using System.Net;

namespace Harness.Abstractions;

/// <summary>A bound local address that accepts connections. Disposing it stops listening.</summary>
public interface IListener : IAsyncDisposable
{
    /// <summary>The bound endpoint, with the real port when port 0 was asked for.</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>
    /// Waits for the next connection. For a datagram transport, a connection is the first datagram
    /// from a new remote endpoint; that datagram is the first one its connection receives.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The accepted connection.</returns>
    /// <exception cref="TransportException">The listener failed.</exception>
    ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken);
}
