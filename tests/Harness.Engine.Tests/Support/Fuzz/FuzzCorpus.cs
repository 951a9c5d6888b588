using System.Text.RegularExpressions;

namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>One seed text of the fuzzer: where it came from (for the folder its relative files resolve in) and its YAML.</summary>
internal sealed record CorpusEntry(string Name, string Folder, string Text);

/// <summary>
/// The texts the loader fuzzer mutates: every file of the malformed corpus, every scenario under scenarios/,
/// and every YAML example of docs/reference.md, in a stable order so that a seed always means the same run.
/// </summary>
internal static partial class FuzzCorpus
{
    public static IReadOnlyList<CorpusEntry> Load(string root)
    {
        var malformed = Path.Combine(root, "tests", "Harness.Engine.Tests", "Corpus", "malformed");
        var scenarios = Path.Combine(root, "scenarios");
        var files = Directory.EnumerateFiles(malformed, "*.yaml")
            .Concat(Directory.EnumerateFiles(scenarios, "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => new CorpusEntry(Path.GetRelativePath(root, path), Path.GetDirectoryName(path)!, File.ReadAllText(path)));
        var reference = Path.Combine(root, "docs", "reference.md");
        var examples = YamlBlock().Matches(File.ReadAllText(reference))
            .Select((match, i) => new CorpusEntry($"docs/reference.md example {i + 1}", Path.Combine(root, "docs"), match.Groups[1].Value));
        return [.. files, .. examples];
    }

    [GeneratedRegex(@"^```yaml\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
