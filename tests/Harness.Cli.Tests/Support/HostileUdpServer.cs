using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// A UDP server on 127.0.0.1 that misbehaves: <see cref="HostileBehaviour.Stall"/> reads each datagram and never
/// answers; <see cref="HostileBehaviour.Flood"/> answers the first datagram from a source with datagrams (the
/// requested reply's flood head, then filler) without end, until the test disposes it.
/// </summary>
internal sealed class HostileUdpServer : IAsyncDisposable
{
    private const int DatagramSize = 1200;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _floods = [];
    private readonly HashSet<EndPoint> _sources = [];
    private readonly Task _receiving;
    private readonly HostileBehaviour _behaviour;
    private readonly IReadOnlyDictionary<string, HostileReply> _replies;
    private long _datagramsSent;

    public HostileUdpServer(HostileBehaviour behaviour, IReadOnlyDictionary<string, HostileReply> replies)
    {
        if (behaviour is not (HostileBehaviour.Stall or HostileBehaviour.Flood))
        {
            throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "a UDP peer can stall or flood; it cannot close or reset");
        }

        _behaviour = behaviour;
        _replies = replies;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiving = ReceiveAsync();
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    public int Sources
    {
        get
        {
            lock (_sources)
            {
                return _sources.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving;
        Task[] floods;
        lock (_floods)
        {
            floods = [.. _floods];
        }

        await Task.WhenAll(floods);
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    // An ICMP port unreachable for a flood to a harness socket that closed: the next datagram is still welcome.
                    continue;
                }

                var request = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes).TrimEnd('\n');
                bool first;
                lock (_sources)
                {
                    first = _sources.Add(received.RemoteEndPoint);
                }

                if (_behaviour == HostileBehaviour.Flood && first)
                {
                    var datagram = new byte[DatagramSize];
                    Array.Fill(datagram, HostileTcpServer.Filler);
                    var head = _replies.GetValueOrDefault(request, HostileReply.Empty).FloodHead;
                    head.CopyTo(datagram, 0);
                    lock (_floods)
                    {
                        _floods.Add(Task.Run(() => FloodAsync(received.RemoteEndPoint, datagram)));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The test is over: the socket was closed.
        }
    }

    private async Task FloodAsync(EndPoint target, byte[] datagram)
    {
        try
        {
            while (true)
            {
                // Bursts with a breath between them: the machine has two cores, and the harness needs one.
                for (var i = 0; i < 32; i++)
                {
                    await _socket.SendToAsync(datagram, SocketFlags.None, target, _stop.Token);
                    Interlocked.Increment(ref _datagramsSent);
                }

                await Task.Delay(1, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The test is over, or the harness's port is gone (ICMP unreachable may surface as an error here).
        }
    }
}
