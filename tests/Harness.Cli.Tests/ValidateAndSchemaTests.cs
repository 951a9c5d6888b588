using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary><c>harness validate</c> checks without running; <c>harness schema</c> prints the shipped schema.</summary>
public sealed class ValidateAndSchemaTests
{
    private const string Corpus = "tests/Harness.Engine.Tests/Corpus/malformed";

    [Test]
    public async Task Valid_files_exit_0_and_say_how_many_scenarios_are_valid()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("two.yaml", """
            name: first
            steps:
              - connect: tcp://127.0.0.1:1
            ---
            name: second
            steps:
              - listen: tcp://127.0.0.1:0
                as: srv
              - accept
            """);
        folder.Write("one.yaml", "name: third\nsteps:\n  - sleep: 1ms\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "validate", ".");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("2 files, 3 scenarios valid");
    }

    [Test]
    public async Task Every_malformed_corpus_file_exits_2_with_its_place_and_no_stack_trace()
    {
        // Given the corpus of mistakes, each with its expected place in its first line
        var files = Directory.GetFiles(Path.Combine(HarnessProcess.Root, Corpus), "*.yaml");

        // When all are validated at once
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "validate", Corpus);

        // Then the exit code is 2 and every file's error is printed at its place, with no stack trace
        result.ExitCode.ShouldBe(2, result.ToString());
        foreach (var file in files)
        {
            var place = File.ReadLines(file).First().Split(' ')[2].TrimEnd(':');
            result.Error.ShouldContain($"{Corpus}/{Path.GetFileName(file)}:{place}: ", customMessage: result.ToString());
        }

        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(files.Length, result.Error);
        result.All.ShouldNotContain("Unhandled");
        result.All.ShouldNotContain("   at ");
    }

    [Test]
    public async Task Harness_schema_prints_the_shipped_schema()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "schema");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldBe(File.ReadAllText(Path.Combine(HarnessProcess.Root, "harness.schema.json")));
    }
}
