using System.Text.RegularExpressions;
using Harness.Engine.Loading.Syntax;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>docs/reference.md documents every step, field and key the loader knows, read from the same tables.</summary>
public sealed class ReferenceDocTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(Repository.Root, "docs", "reference.md"));

    public static IEnumerable<TestCaseData> Steps() =>
        Language.Steps.Select(step => new TestCaseData(step.Keyword).SetName($"The reference documents the step {step.Keyword} and its fields"));

    [TestCaseSource(nameof(Steps))]
    public void Every_step_has_a_section_naming_each_of_its_fields(string keyword)
    {
        var section = Section(keyword);
        section.ShouldNotBeNull($"docs/reference.md has no '### `{keyword}`' section");
        section.ShouldContain("```yaml", customMessage: $"the `{keyword}` section has no example");
        foreach (var field in Language.StepsByKeyword[keyword].FieldNames)
        {
            section.ShouldContain($"`{field}`", customMessage: $"the `{keyword}` section does not mention its field `{field}`");
        }
    }

    [Test]
    public void Every_expectation_framing_and_nested_key_is_documented()
    {
        var keys = Language.ExpectationKinds
            .Concat(Language.FramingFields.Select(f => f.Name))
            .Concat(Language.PrefixMap.Keys)
            .Concat(Language.DelimiterMap.Keys)
            .Concat(Language.JsonPathMap.Keys)
            .Concat(Language.CaptureSource.Keys)
            .Concat(Language.NotMap.Keys)
            .Concat(Language.ScenarioMap.Keys)
            .Concat(Language.LoadMap.Keys)
            .Concat(((MapShape)Language.LoadMap.Field("thresholds").Shape).Keys)
            .Distinct();
        foreach (var key in keys)
        {
            // Shown as inline code (`group`, `prefix: { size: 4 }`) or as a key in an example (group: 1).
            Regex.IsMatch(Reference, $@"`[^`\n]*\b{Regex.Escape(key)}\b[^`\n]*`|\b{Regex.Escape(key)}:").ShouldBeTrue($"docs/reference.md never shows `{key}`");
        }
    }

    [Test]
    public void Every_inline_step_example_loads()
    {
        var examples = Regex.Matches(Reference, "`((?:expect|send): [^`]+)`").Select(m => m.Groups[1].Value).ToList();
        examples.Count.ShouldBeGreaterThanOrEqualTo(Language.ExpectationKinds.Length - 4);
        foreach (var example in examples)
        {
            Should.NotThrow(() => Scenarios.Parse($"name: doc\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - {example}\n"), example);
        }
    }

    [Test]
    public void Every_example_block_loads()
    {
        // Given a folder with the file an example sends, and a scenario that opens the connections examples use
        using var folder = new TempFolder();
        folder.Write("fixtures/request.bin", "request");
        var blocks = Regex.Matches(Reference, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        blocks.Count.ShouldBeGreaterThan(10);
        foreach (var block in blocks)
        {
            var yaml = block.TrimStart().StartsWith("- ", StringComparison.Ordinal)
                ? "name: doc\npeers:\n  server: { builtin: echo }\nsteps:\n  - connect: tcp://${peers.server.endpoint}\n"
                  + "  - connect: tcp://${peers.server.endpoint}\n    as: alice\n"
                  + string.Concat(block.TrimEnd().Split('\n').Select(line => "  " + line + "\n"))
                : block;

            // Then it loads
            Should.NotThrow(() => Scenarios.Parse(yaml, folder: folder.Path), block);
        }
    }

    private static string? Section(string keyword)
    {
        var start = Reference.IndexOf($"### `{keyword}`", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var next = Reference.IndexOf("\n#", start + 4, StringComparison.Ordinal);
        return next < 0 ? Reference[start..] : Reference[start..next];
    }
}
