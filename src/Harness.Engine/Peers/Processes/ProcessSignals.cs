using System.Runtime.InteropServices;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// kill(2) on a process group. .NET's Process can neither start a child in its own group nor signal a
/// group, so the harness starts peers through setsid(1) (the child becomes the leader of a new session
/// and process group whose id is its pid) and signals the whole group here.
/// </summary>
internal static class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="groupId"/>; false when none is left.</summary>
    public static bool SignalGroup(int groupId, int signal) =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? Kill(-groupId, signal) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess
            : false;

    /// <summary>Sends <paramref name="signal"/> to one process, on systems that have signals.</summary>
    public static void SignalProcess(int pid, int signal)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            _ = Kill(pid, signal);
        }
    }

    /// <summary>
    /// Whether any process of the group is still alive. Signal 0 would count zombies too: a child orphaned
    /// when its parent died stays in the group until init reaps it, which can take a while, and it is
    /// already dead. So on Linux the process table says who is alive, and zombies do not count.
    /// </summary>
    public static bool GroupAlive(int groupId) =>
        Directory.Exists("/proc/self") ? GroupMembers(groupId).Any() : SignalGroup(groupId, 0);

    /// <summary>The live (not zombie) processes of a group, from the Linux process table.</summary>
    public static IEnumerable<int> GroupMembers(int groupId)
    {
        var group = groupId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // Ended while being read.
            }

            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 2 && fields[0] is not ("Z" or "X") && fields[2] == group)
            {
                yield return pid;
            }
        }
    }

    // DllImport rather than LibraryImport: the generated marshaller of the latter needs unsafe code in the
    // whole engine for one blittable call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
