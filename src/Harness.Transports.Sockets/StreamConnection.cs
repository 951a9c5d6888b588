using System.Net;
using System.Net.Sockets;
using Harness.Abstractions;

namespace Harness.Transports.Sockets;

/// <summary>One byte-stream connection (TCP over IPv4 or IPv6) over a connected socket.</summary>
internal sealed class StreamConnection(Socket socket) : IStreamConnection
{
    public TransportKind Kind => TransportKind.Stream;

    public EndPoint LocalEndPoint { get; } = socket.LocalEndPoint!;

    public EndPoint RemoteEndPoint { get; } = socket.RemoteEndPoint!;

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"receive from {RemoteEndPoint}");
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"send to {RemoteEndPoint}");
        }
    }

    public ValueTask ShutdownSendAsync(CancellationToken cancellationToken)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.Translate(ex, $"shut down sending to {RemoteEndPoint}");
        }

        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        // Linger 0 makes close send RST instead of FIN: the peer sees a reset.
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
