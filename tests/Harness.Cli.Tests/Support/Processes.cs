namespace Harness.Cli.Tests.Support;

/// <summary>Counts the live processes that carry a marker in their environment, which children inherit.</summary>
internal static class Processes
{
    public static string NewMarker() => "harness-test-" + Guid.NewGuid().ToString("n")[..12];

    public static int CountWithMarker(string marker)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                // A zombie has an empty environment: it is dead, only not yet reaped, and is not counted.
                var environment = File.ReadAllText(Path.Combine(dir, "environ"));
                if (environment.Contains("HARNESS_TEST_MARKER=" + marker + "\0", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was being read.
            }
        }

        return count;
    }

    /// <summary>Waits (generously) until no marked process is left; returns how many still run.</summary>
    public static async Task<int> CountAfterSettlingAsync(string marker)
    {
        for (var i = 0; i < 50 && CountWithMarker(marker) > 0; i++)
        {
            await Task.Delay(100);
        }

        return CountWithMarker(marker);
    }
}

/// <summary>Signals to a process, as a terminal (Ctrl-C) or a service manager (SIGTERM) sends them.</summary>
internal static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
