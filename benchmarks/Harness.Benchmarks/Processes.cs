using System.Diagnostics;

namespace Harness.Benchmarks;

/// <summary>Runs a program to completion, timing it from before its start to its exit.</summary>
internal static class Processes
{
    public static async Task<TimeSpan> TimeAsync(string workingDirectory, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }

        await output;
        await error;
        return elapsed;
    }
}
