using System.Diagnostics;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// Validates XML against an XSD with xmllint (Debian: libxml2-utils), a validator that is not our own code.
/// Without xmllint a test is ignored on a developer's machine but fails in CI (CI=true), so that a CI
/// machine can never pass by skipping the check.
/// </summary>
internal static class Xmllint
{
    public static string JUnitSchema => Path.Combine(HarnessProcess.Root, "tests", "junit.xsd");

    public static async Task<CliResult> ValidateAsync(string xmlPath, string schemaPath)
    {
        var xmllint = Find();
        if (xmllint is null)
        {
            const string Reason = "xmllint is not installed (apt-get install libxml2-utils); the JUnit report cannot be validated";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(Reason);
            }

            Assert.Ignore(Reason);
        }

        var info = new ProcessStartInfo(xmllint!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--noout", "--schema", schemaPath, xmlPath })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "xmllint"))
            .FirstOrDefault(File.Exists);
}
