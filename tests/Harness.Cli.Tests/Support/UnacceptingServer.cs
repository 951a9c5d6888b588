using System.Net;
using System.Net.Sockets;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// A TCP socket on 127.0.0.1 that listens and never accepts, its backlog filled by connections of its own: the
/// kernel then drops further SYNs, so a client's connect neither succeeds nor is refused, it only waits.
/// </summary>
internal sealed class UnacceptingServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    private UnacceptingServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>How many connections it took to fill the backlog.</summary>
    public int Filled => _fillers.Count;

    /// <summary>Listens, and connects to itself until a connect goes unanswered: from then on the backlog is full.</summary>
    public static async Task<UnacceptingServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new UnacceptingServer();
        try
        {
            for (var attempt = 0; attempt < 32; attempt++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var unanswered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                unanswered.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), unanswered.Token);
                    server._fillers.Add(filler);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    filler.Dispose();
                    return server;
                }
            }

            throw new InvalidOperationException($"the backlog of port {server.Port} did not fill after 32 connections");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
