using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// A TCP echo server on loopback that records how many bytes each of its receive calls returned, so a
/// test can see how the bytes arrived, not only which.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RecordingServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _accepting = AcceptAsync(_stop.Token);
    }

    public string Endpoint => _listener.LocalEndPoint!.ToString()!;

    /// <summary>The size of every receive, in order, over all connections.</summary>
    public ConcurrentQueue<int> Receives { get; } = new();

    /// <summary>How each connection ended: "closed" (end of stream) or "reset".</summary>
    public ConcurrentQueue<string> Endings { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(cancellationToken);
                handlers.Add(EchoAsync(client, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(handlers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task EchoAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var received = await client.ReceiveAsync(buffer, cancellationToken);
                if (received == 0)
                {
                    Endings.Enqueue("closed");
                    return;
                }

                Receives.Enqueue(received);
                await client.SendAsync(buffer.AsMemory(0, received), cancellationToken);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            Endings.Enqueue("reset");
        }
    }
}
