using System.Runtime.InteropServices;

namespace Harness.Benchmarks;

/// <summary>Raises this process's open-file limit to its hard limit (children inherit it): 10,000 sockets need it.</summary>
internal static partial class FileLimit
{
    private const int RlimitNofile = 7;

    public static ulong Raise()
    {
        if (!OperatingSystem.IsLinux() || GetRlimit(RlimitNofile, out var limit) != 0)
        {
            return 0;
        }

        limit.Current = limit.Maximum;
        _ = SetRlimit(RlimitNofile, ref limit);
        return GetRlimit(RlimitNofile, out limit) == 0 ? limit.Current : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, ref Rlimit limit);
}
