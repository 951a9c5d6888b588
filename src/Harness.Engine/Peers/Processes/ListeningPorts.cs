using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// Whether something listens on a port. On Linux the kernel's socket tables (/proc/net/tcp, tcp6, udp,
/// udp6) answer without touching the program: a probe connection would be a client to it, and many
/// tutorial servers accept exactly one client and then exit. Elsewhere a TCP connect is the only way.
/// </summary>
internal static class ListeningPorts
{
    private const string TcpListen = "0A";
    private const string UdpBound = "07";

    /// <summary>
    /// Whether a socket listens (TCP) or is bound (UDP) on <paramref name="port"/>. With
    /// <paramref name="ownerGroup"/>, only a socket held by a process of that group counts: another
    /// program that already had the port must not make the peer look ready.
    /// </summary>
    public static async Task<bool> IsListeningAsync(string host, int port, int? ownerGroup, CancellationToken cancellationToken)
    {
        if (File.Exists("/proc/net/tcp"))
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            Collect("/proc/net/tcp", port, TcpListen, inodes);
            Collect("/proc/net/tcp6", port, TcpListen, inodes);
            Collect("/proc/net/udp", port, UdpBound, inodes);
            Collect("/proc/net/udp6", port, UdpBound, inodes);
            return inodes.Count > 0 && (ownerGroup is not { } group || GroupHoldsAny(group, inodes));
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
        using var client = new TcpClient(host.Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        try
        {
            await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>
    /// A free TCP port on <paramref name="host"/>, for a peer that takes its port from the harness. The port
    /// is released before the peer binds it; another program could take it in between, which is why a
    /// peer's readiness check still waits for the peer to be the one listening.
    /// </summary>
    public static int FindFree(string host)
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Loopback;
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Collect(string path, int port, string state, HashSet<string> inodes)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12345 ...":
        // local address:port in hex, remote, state, queues, timer, retransmits, uid, timeout, inode.
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != state)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var local) && local == port)
            {
                inodes.Add(fields[9]);
            }
        }
    }

    /// <summary>Whether a process of the group has one of the sockets open (its fd links read <c>socket:[inode]</c>).</summary>
    private static bool GroupHoldsAny(int group, HashSet<string> inodes)
    {
        foreach (var pid in ProcessSignals.GroupMembers(group))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        return true;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while its descriptors were being read.
            }
        }

        return false;
    }
}
