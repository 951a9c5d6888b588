using System.Diagnostics;
using System.Reflection;

namespace Harness.Cli.Tests.Support;

/// <summary>Runs the real harness CLI as a separate process, the way a user or CI does.</summary>
internal static class HarnessProcess
{
    private static readonly Dictionary<string, string> Metadata = typeof(HarnessProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .ToDictionary(a => a.Key, a => a.Value!);

    public static string Root => Metadata["HarnessRoot"];

    public static string HarnessDll => Metadata["HarnessCli"];

    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] arguments) =>
        await RunAsync(workingDirectory, TimeSpan.FromSeconds(60), arguments);

    public static async Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"harness {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HarnessDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        return Process.Start(info)!;
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
