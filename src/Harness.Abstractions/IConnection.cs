using System.Net;

namespace Harness.Abstractions;

/// <summary>An open conversation with one peer. Disposing it closes it.</summary>
public interface IConnection : IAsyncDisposable
{
    /// <summary>Whether this is an <see cref="IStreamConnection"/> or an <see cref="IDatagramConnection"/>.</summary>
    TransportKind Kind { get; }

    /// <summary>The local end, with the port the system chose.</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>The peer's end.</summary>
    EndPoint RemoteEndPoint { get; }
}
