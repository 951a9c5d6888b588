using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// Stand-ins, in the test process, for the built-in greet, ack and chat peers (which the peers work
/// adds), so the lesson scenarios run today: each behaves as those peers are specified to.
/// </summary>
internal sealed class LessonServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    private LessonServer(Func<TcpClient, LessonServer, CancellationToken, Task> serve)
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            var handlers = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }

                    handlers.Add(ServeOneAsync(client, serve));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(handlers);
        });
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Sends the greeting on connect, then closes.</summary>
    public static LessonServer Greet(string message) => new(async (client, _, ct) =>
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(message), ct));

    /// <summary>Reads one message (up to a newline or the client's close), answers it, then closes.</summary>
    public static LessonServer Ack(string message) => new(async (client, _, ct) =>
    {
        var buffer = new byte[4096];
        var received = new List<byte>();
        int read;
        while (!received.Contains((byte)'\n') && (read = await client.GetStream().ReadAsync(buffer, ct)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(message), ct);
    });

    /// <summary>Relays each line to every other client.</summary>
    public static LessonServer Chat() => new(async (client, server, ct) =>
    {
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            TcpClient[] others;
            lock (server._clients)
            {
                others = server._clients.Where(c => c != client).ToArray();
            }

            foreach (var other in others)
            {
                await other.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
            }
        }
    });

    private async Task ServeOneAsync(TcpClient client, Func<TcpClient, LessonServer, CancellationToken, Task> serve)
    {
        try
        {
            await serve(client, this, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The scenario closed its side, or the test is over.
        }
        finally
        {
            lock (_clients)
            {
                _clients.Remove(client);
            }

            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }
}
