using System.Diagnostics;

namespace Harness.Cli;

/// <summary>
/// <c>HARNESS_TRACE_STARTUP=1</c> prints how long each phase of a run took to standard error: the
/// runtime's own start (process start to Main), settings, plugins, scenario loading, the run, the
/// report. The cold-start benchmark uses it to say where the time goes. Off, it costs one check.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("HARNESS_TRACE_STARTUP") == "1";
    private static readonly List<(string Phase, long At)> Marks = [];

    /// <summary>Marks the end of a phase.</summary>
    public static void Mark(string phase)
    {
        if (Enabled)
        {
            Marks.Add((phase, Stopwatch.GetTimestamp()));
        }
    }

    public static void Print(TextWriter error)
    {
        if (!Enabled || Marks.Count == 0)
        {
            return;
        }

        // The runtime's start is measured from the process's start time, which the kernel records.
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var total = sinceStart.TotalMilliseconds;
        var main = total - Stopwatch.GetElapsedTime(Marks[0].At).TotalMilliseconds;
        error.WriteLine($"startup: {"runtime start to Main",-28} {main,7:0.0} ms");
        for (var i = 1; i < Marks.Count; i++)
        {
            error.WriteLine($"startup: {Marks[i].Phase,-28} {Stopwatch.GetElapsedTime(Marks[i - 1].At, Marks[i].At).TotalMilliseconds,7:0.0} ms");
        }

        error.WriteLine($"startup: {"total (process start to now)",-28} {total,7:0.0} ms");
    }
}
