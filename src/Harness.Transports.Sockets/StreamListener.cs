using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>A listening TCP socket of either family.</summary>
internal sealed class StreamListener(Socket socket) : IListener
{
    public EndPoint LocalEndPoint { get; } = socket.LocalEndPoint!;

    public async ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            accepted.NoDelay = true;
            return new StreamConnection(accepted);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"accept on {LocalEndPoint}");
        }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
