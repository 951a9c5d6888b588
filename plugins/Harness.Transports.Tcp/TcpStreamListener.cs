using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Tcp;

/// <summary>A listening TCP socket.</summary>
internal sealed class TcpStreamListener(Socket socket) : IListener
{
    public EndPoint LocalEndPoint { get; } = socket.LocalEndPoint!;

    public async ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            accepted.NoDelay = true;
            return new TcpConnection(accepted);
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
