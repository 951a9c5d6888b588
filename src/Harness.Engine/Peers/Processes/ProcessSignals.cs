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

    /// <summary>Whether any process of the group is still alive (signal 0 checks without sending anything).</summary>
    public static bool GroupAlive(int groupId) => SignalGroup(groupId, 0);

    // DllImport rather than LibraryImport: the generated marshaller of the latter needs unsafe code in the
    // whole engine for one blittable call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
