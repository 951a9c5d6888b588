namespace Harness.Abstractions;

/// <summary>
/// A way of carrying bytes between the harness and a peer, chosen by the scheme of an address.
/// Implementations are contributed by plugins through <see cref="IPluginRegistry.AddTransport"/>.
/// </summary>
public interface ITransport
{
    /// <summary>The address scheme this transport answers to, lower case: <c>tcp</c>, <c>udp</c>, <c>tcp6</c>, ...</summary>
    string Scheme { get; }

    /// <summary>Whether connections of this transport are byte streams or datagrams.</summary>
    TransportKind Kind { get; }

    /// <summary>
    /// Opens a connection to <paramref name="remote"/>. Stream transports return an
    /// <see cref="IStreamConnection"/>, datagram transports an <see cref="IDatagramConnection"/>.
    /// </summary>
    /// <param name="remote">The peer's address; its scheme is this transport's.</param>
    /// <param name="options">Transport-specific settings.</param>
    /// <param name="cancellationToken">Cancels the attempt; the caller uses it for the connect timeout.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="TransportException">The connection could not be made; <see cref="TransportException.Error"/> says why.</exception>
    ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Listens at <paramref name="local"/> (port 0 picks a free port; <see cref="IListener.LocalEndPoint"/>
    /// tells which). A datagram listener accepts one connection per remote endpoint that sends to it.
    /// </summary>
    /// <param name="local">The local address to bind.</param>
    /// <param name="options">Transport-specific settings.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The bound listener.</returns>
    /// <exception cref="TransportException">The address could not be bound; <see cref="TransportException.Error"/> says why.</exception>
    ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken);
}
