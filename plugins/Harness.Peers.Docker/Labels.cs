using System.Diagnostics;
using System.Globalization;

namespace Harness.Peers.Docker;

/// <summary>
/// The labels on everything the plugin creates: what run made it, which process (to sweep
/// containers of a process that died, as Testcontainers' reaper does) and when.
/// </summary>
internal static class Labels
{
    public const string Run = "harness.run";
    public const string Peer = "harness.peer";
    public const string Network = "harness.network";
    public const string Pid = "harness.pid";
    public const string Host = "harness.host";
    public const string Started = "harness.started";

    public static Dictionary<string, string> For(string runId, string? peer = null, string? network = null, int? pid = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Run] = runId,
            [Pid] = (pid ?? Environment.ProcessId).ToString(CultureInfo.InvariantCulture),
            [Host] = Environment.MachineName,
            [Started] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        if (peer is not null)
        {
            labels[Peer] = peer;
        }

        if (network is not null)
        {
            labels[Network] = network;
        }

        return labels;
    }

    /// <summary>
    /// Whether what carries these labels was left by a process of this host that is gone. A pid
    /// that exists but whose process started after the label was written has been reused.
    /// </summary>
    public static bool IsStale(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null
            || !labels.TryGetValue(Host, out var host) || host != Environment.MachineName
            || !labels.TryGetValue(Pid, out var pidText)
            || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return true;
            }

            return labels.TryGetValue(Started, out var startedText)
                && long.TryParse(startedText, NumberStyles.None, CultureInfo.InvariantCulture, out var started)
                && new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds() > started + 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
