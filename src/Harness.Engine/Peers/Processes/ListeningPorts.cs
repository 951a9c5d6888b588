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

    public static async Task<bool> IsListeningAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (File.Exists("/proc/net/tcp"))
        {
            return InTable("/proc/net/tcp", port, TcpListen) || InTable("/proc/net/tcp6", port, TcpListen)
                || InTable("/proc/net/udp", port, UdpBound) || InTable("/proc/net/udp6", port, UdpBound);
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

    private static bool InTable(string path, int port, string state)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // "  0: 0100007F:1F90 00000000:0000 0A ..." : local address:port in hex, remote, then the state.
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != state)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var local) && local == port)
            {
                return true;
            }
        }

        return false;
    }
}
