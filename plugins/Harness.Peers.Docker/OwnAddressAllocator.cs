using System.Net;
using System.Net.Sockets;
using Harness.Peers.Docker.Settings;

namespace Harness.Peers.Docker;

/// <summary>
/// Hands out loopback addresses 127.0.0.2, 127.0.0.3, ... so that a peer can be "a remote host on
/// port 80" at port 80 itself. Linux routes all of 127.0.0.0/8 to the loopback interface, so these
/// addresses need no setup. An address is free when every port the peer needs can be bound on it
/// (TCP or UDP as the port says) and no peer of this process holds it.
/// </summary>
internal static class OwnAddressAllocator
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<IPAddress> Held = [];

    public static IPAddress Acquire(IReadOnlyList<ContainerPort> ports)
    {
        lock (Gate)
        {
            for (var n = 2; n < 255; n++)
            {
                var address = new IPAddress([127, 0, 0, (byte)n]);
                if (!Held.Contains(address) && ports.All(p => CanBind(address, p)))
                {
                    Held.Add(address);
                    return address;
                }
            }
        }

        throw new InvalidOperationException(
            $"no loopback address 127.0.0.2 to 127.0.0.254 has {string.Join(", ", ports.Select(p => p.Key))} free");
    }

    public static void Release(IPAddress address)
    {
        lock (Gate)
        {
            Held.Remove(address);
        }
    }

    private static bool CanBind(IPAddress address, ContainerPort port)
    {
        using var socket = port.IsUdp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port.Number));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            // A low port needs root to bind; the engine binds it as root, so it may still be free.
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
