using System.Net;
using System.Net.Sockets;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>
/// Misbehaving UDP clients: random datagrams of random sizes, the boundary sizes (empty, the largest UDP
/// carries, and larger, which the client's own kernel refuses), floods, bursts from new source ports that
/// close at once, and interleavings. Most datagrams come from a small pool of sockets whose replies are read
/// and counted; the peers keep a conversation per source address, so fresh sources are used sparingly.
/// </summary>
internal sealed class DatagramChaos : IAsyncDisposable
{
    private const int PoolSize = 8;

    private readonly IPEndPoint _peer;
    private readonly FuzzTally _tally;
    private readonly string _where;
    private readonly List<Socket> _pool;
    private readonly List<Task> _drains;
    private readonly CancellationTokenSource _stop = new();

    public DatagramChaos(IPEndPoint peer, FuzzTally tally, string where)
    {
        _peer = peer;
        _tally = tally;
        _where = where;
        _pool = [.. Enumerable.Range(0, PoolSize).Select(_ => Bound())];
        _drains = [.. _pool.Select(socket => DrainAsync(socket, _stop.Token))];
    }

    /// <summary>The largest payload one datagram carries: 65,535 less the UDP header, less the IPv4 header (IPv6's is not counted).</summary>
    private int MaxPayload => _peer.AddressFamily == AddressFamily.InterNetworkV6 ? 65527 : 65507;

    public async Task RunAsync(Random random, int depth, CancellationToken cancellationToken)
    {
        var socket = _pool[random.Next(_pool.Count)];
        switch (random.Next(depth > 0 ? 6 : 7))
        {
            case 0 or 1:
                for (var i = random.Next(1, 20); i > 0; i--)
                {
                    await SendAsync(socket, Garbage.Bytes(random, Size(random)), cancellationToken);
                }

                break;
            case 2:
                foreach (var size in new[] { 0, 1, MaxPayload, MaxPayload + 1, 65536, 100_000 })
                {
                    await SendAsync(socket, Garbage.Bytes(random, size), cancellationToken);
                }

                break;
            case 3:
                for (var i = random.Next(3, 20); i > 0; i--)
                {
                    // A new source port that sends and is gone: the peer's replies find no one.
                    using var fresh = Bound();
                    for (var j = random.Next(1, 4); j > 0; j--)
                    {
                        await SendAsync(fresh, Garbage.Bytes(random, Size(random)), cancellationToken);
                    }
                }

                break;
            case 4:
                for (var i = random.Next(100, 1000); i > 0; i--)
                {
                    await SendAsync(socket, Garbage.Bytes(random, random.Next(0, 64)), cancellationToken);
                }

                break;
            case 5:
            {
                var text = System.Text.Encoding.Latin1.GetBytes(Garbage.Protocol(random));
                await SendAsync(socket, text.AsMemory(0, Math.Min(text.Length, MaxPayload)), cancellationToken);
                break;
            }

            default:
            {
                var seeds = Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next()).ToList();
                await Task.WhenAll(seeds.Select(seed => RunAsync(new Random(seed), depth + 1, cancellationToken)));
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _pool.ForEach(socket => socket.Dispose());
        await Task.WhenAll(_drains);
        _stop.Dispose();
    }

    private int Size(Random random) => random.Next(100) switch
    {
        < 70 => random.Next(0, 1024),
        < 95 => random.Next(1024, 16 * 1024),
        _ => random.Next(16 * 1024, MaxPayload + 1),
    };

    private Socket Bound()
    {
        var socket = new Socket(_peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(_peer.Address, 0));
        return socket;
    }

    private async Task SendAsync(Socket socket, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, _peer, cancellationToken);
            _tally.SentDatagram(datagram.Length);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize && datagram.Length > MaxPayload)
        {
            _tally.Refused(); // larger than UDP carries: the client's kernel says so, and nothing is sent
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
        {
            // A flood filled the client's send buffer: UDP drops, and so may the test.
        }
        catch (SocketException ex)
        {
            _tally.Problem($"{_where}: sending a datagram of {datagram.Length} bytes failed: {ex.SocketErrorCode} {ex.Message}");
        }
    }

    private async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_peer.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                _tally.Received(result.ReceivedBytes);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
            || (ex is SocketException && cancellationToken.IsCancellationRequested))
        {
            // The pool is closed: the run is over.
        }
        catch (SocketException ex)
        {
            _tally.Problem($"{_where}: receiving the peer's replies failed: {ex.SocketErrorCode} {ex.Message}");
        }
    }
}
