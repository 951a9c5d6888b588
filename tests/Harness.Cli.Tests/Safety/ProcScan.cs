using System.Globalization;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// What /proc says about processes and listening sockets: a process counts as the run's when its command
/// line or its environment (which children inherit) carries the run's marker.
/// </summary>
internal static class ProcScan
{
    /// <summary>The live processes whose command line or environment holds <paramref name="marker"/>.</summary>
    public static List<int> MarkedProcesses(string marker)
    {
        var found = new List<int>();
        foreach (var pid in Pids())
        {
            // A zombie has an empty command line and environment: dead, only not yet reaped, so not counted.
            if (Read($"/proc/{pid}/cmdline").Contains(marker, StringComparison.Ordinal)
                || Read($"/proc/{pid}/environ").Contains(marker, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>The inodes of the listening TCP sockets (IPv4 and IPv6) that the given processes hold open.</summary>
    public static HashSet<long> ListeningInodesOf(IEnumerable<int> pids)
    {
        var listening = ListeningSockets();
        var held = new HashSet<long>();
        foreach (var pid in pids)
        {
            foreach (var inode in SocketInodes(pid))
            {
                if (listening.ContainsKey(inode))
                {
                    held.Add(inode);
                }
            }
        }

        return held;
    }

    /// <summary>Every listening TCP socket on the machine: inode to local port.</summary>
    public static Dictionary<long, int> ListeningSockets()
    {
        var sockets = new Dictionary<long, int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in Read(table).Split('\n').Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A" && long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode != 0)
                {
                    var port = int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    sockets[inode] = port;
                }
            }
        }

        return sockets;
    }

    private static IEnumerable<long> SocketInodes(int pid)
    {
        IEnumerable<string> fds;
        try
        {
            fds = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var fd in fds)
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                && long.TryParse(target[8..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }

    private static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty; // the process ended while it was being read
        }
    }
}
