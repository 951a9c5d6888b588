using System.Globalization;
using System.Text;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// Peer processes whose harness is gone. A harness stops its peers on every end it sees (pass, failure,
/// Ctrl-C, SIGTERM), but SIGKILL (an out-of-memory kill, a CI job cancelled hard) gives it no chance, and
/// its peers would hold their ports for good. So every peer carries its owner's identity in its environment
/// (inherited by its children too), and a later run stops those whose owner no longer exists.
/// </summary>
public static class OrphanedPeers
{
    /// <summary>The environment variable that names the harness process owning a peer: <c>pid:start-time</c>.</summary>
    internal const string OwnerVariable = "HARNESS_OWNER";

    private static readonly Lazy<string?> Self = new(() => Identity(Environment.ProcessId));

    /// <summary>This harness process as peers name their owner; null where there is no /proc to tell.</summary>
    internal static string? Owner => Self.Value;

    /// <summary>
    /// Stops (SIGTERM, then SIGKILL after <paramref name="grace"/>) every process of this user whose owning harness
    /// has exited, and says which, such as <c>pid 4242 (python3 server.py 5000)</c>. Linux only; elsewhere none.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (Owner is null)
        {
            return [];
        }

        var orphans = Find().ToList();
        foreach (var (pid, _) in orphans)
        {
            ProcessSignals.SignalProcess(pid, ProcessSignals.SigTerm);
        }

        var until = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (orphans.Any(o => Identity(o.Pid) is not null) && Environment.TickCount64 < until)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (pid, _) in orphans)
        {
            ProcessSignals.SignalProcess(pid, ProcessSignals.SigKill);
        }

        return orphans.Select(o => $"pid {o.Pid} ({o.Command})").ToList();
    }

    private static IEnumerable<(int Pid, string Command)> Find()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string environment;
            string command;
            try
            {
                environment = File.ReadAllText(Path.Combine(dir, "environ"));
                command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // Another user's process, or one that ended while being read.
            }

            var owner = OwnerIn(environment);
            if (owner is null || IsAlive(owner))
            {
                continue;
            }

            yield return (pid, command);
        }
    }

    private static string? OwnerIn(string environment)
    {
        const string Prefix = OwnerVariable + "=";
        foreach (var entry in environment.Split('\0'))
        {
            if (entry.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return entry[Prefix.Length..];
            }
        }

        return null;
    }

    /// <summary>Alive means the same process: a pid is reused, its start time is not.</summary>
    private static bool IsAlive(string owner) =>
        owner.Split(':') is [var pid, _] && int.TryParse(pid, CultureInfo.InvariantCulture, out var id) && Identity(id) == owner;

    /// <summary><c>pid:start-time</c> from /proc/PID/stat (field 22, clock ticks since boot); null when the process is gone or not live.</summary>
    private static string? Identity(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat", Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && fields[0] is not ("Z" or "X") ? $"{pid.ToString(CultureInfo.InvariantCulture)}:{fields[19]}" : null;
    }
}
