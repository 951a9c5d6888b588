namespace Harness.Engine.Tests.Safety;

/// <summary>
/// One line per robustness test for CI's summary: appended to the file named by HARNESS_ROBUSTNESS_SUMMARY
/// when it is set, and always shown in the test output.
/// </summary>
internal static class RobustnessSummary
{
    private static readonly Lock Gate = new();

    public static void Append(string line)
    {
        TestContext.Progress.WriteLine(line);
        if (Environment.GetEnvironmentVariable("HARNESS_ROBUSTNESS_SUMMARY") is { Length: > 0 } path)
        {
            lock (Gate)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }
}
