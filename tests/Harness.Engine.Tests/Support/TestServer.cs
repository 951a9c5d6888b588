using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// A tiny TCP server on loopback for tests, running one handler per accepted connection: line and chat
/// servers that the built-in peers do not provide.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _handlers = [];
    private readonly Task _accepting;

    public TestServer(Func<TcpClient, int, CancellationToken, Task> handler)
    {
        _listener.Start();
        _accepting = AcceptAsync(handler);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Answers each received line (without its "\n") with <paramref name="reply"/>'s line.</summary>
    public static TestServer Lines(Func<string, string> reply) => new(async (client, _, ct) =>
    {
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(reply(line) + "\n"), ct);
        }
    });

    /// <summary>Relays each line to every other connected client (the chat server).</summary>
    public static TestServer Chat()
    {
        var clients = new List<TcpClient>();
        return new TestServer(async (client, _, ct) =>
        {
            lock (clients)
            {
                clients.Add(client);
            }

            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8, leaveOpen: true);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                TcpClient[] others;
                lock (clients)
                {
                    others = clients.Where(c => c != client).ToArray();
                }

                foreach (var other in others)
                {
                    await other.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
                }
            }

            lock (clients)
            {
                clients.Remove(client);
            }
        });
    }

    private async Task AcceptAsync(Func<TcpClient, int, CancellationToken, Task> handler)
    {
        var index = 0;
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var number = ++index;
                lock (_handlers)
                {
                    _handlers.Add(Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                await handler(client, number, _stop.Token);
                            }
                            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                            {
                                // The scenario closed the connection or the test ended: nothing to serve.
                            }
                        }
                    }));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers);
        _stop.Dispose();
    }
}
