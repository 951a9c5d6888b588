using System.Diagnostics;
using System.Globalization;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// A run of the real CLI, timed from the test's side (process start to exit) and with the process's peak resident
/// memory: VmHWM from /proc/PID/status, a high-water mark the kernel keeps, sampled while it runs.
/// </summary>
internal sealed record MeasuredRun(CliResult Result, TimeSpan Wall, long PeakBytes)
{
    public double PeakMiB => PeakBytes / (1024.0 * 1024.0);

    public static async Task<MeasuredRun> RunAsync(string workingDirectory, TimeSpan guard, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        using var process = HarnessProcess.Start(workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        var peak = 0L;
        while (!exited.IsCompleted)
        {
            // Only the last moments before exit go unseen, and the mark already holds every peak before them.
            peak = Math.Max(peak, HighWaterMark(process.Id));
            if (clock.Elapsed > guard)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"harness {string.Join(' ', arguments)} did not finish within {guard}");
            }

            await Task.WhenAny(exited, Task.Delay(25));
        }

        await exited;
        var wall = clock.Elapsed;
        return new MeasuredRun(new CliResult(process.ExitCode, await stdout, await stderr), wall, peak);
    }

    /// <summary>VmHWM in bytes, or 0 once the process is gone (or a zombie, whose status has no memory lines).</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    // "VmHWM:	  123456 kB"
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process exited between the check and the read.
        }

        return 0;
    }
}
