using System.Text.RegularExpressions;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>
/// The lesson scenarios in scenarios/ pass through the real CLI with the real built-in and process
/// peers, and a broken copy of each (in Scenarios/broken) fails with exit 1 at the step its first
/// lines name.
/// </summary>
public sealed partial class LessonScenarioTests
{
    private static readonly string[] Names = ["greet", "ack", "line-protocol", "length-prefixed", "multi-client", "chat-relay", "client-under-test"];

    public static IEnumerable<TestCaseData> Lessons() => Names.Select(name => new TestCaseData(name));

    [TestCaseSource(nameof(Lessons))]
    public async Task The_lesson_passes(string name)
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", Path.Combine("scenarios", name + ".yaml"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("1 passed, 0 failed");
    }

    [TestCaseSource(nameof(Lessons))]
    public async Task Its_broken_copy_fails_at_the_step(string name)
    {
        var source = Path.Combine("tests", "Harness.Cli.Tests", "Scenarios", "broken", name + ".yaml");
        var place = FailsAt().Match(File.ReadAllText(Path.Combine(HarnessProcess.Root, source))).Groups[1].Value;

        // The broken copies use the lessons' peer programs, outside their own folder.
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", source, "--allow-outside-files");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain($"({source}:{place})", customMessage: result.ToString());
    }

    [GeneratedRegex(@"# fails at: (\d+:\d+)")]
    private static partial Regex FailsAt();
}
