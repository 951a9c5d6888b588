using System.Text.Json.Nodes;
using Harness.Engine.Loading;
using Harness.Engine.Loading.Syntax;
using Harness.Engine.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Tests.Loading;

/// <summary>The JSON Schema is generated from the loader's tables, shipped at the repository root, and agrees with the loader.</summary>
public sealed class SchemaTests
{
    private static readonly SchemaSubsetValidator Validator = new(JsonNode.Parse(SchemaGenerator.Generate())!.AsObject());

    [Test]
    public void The_shipped_schema_is_the_generated_one()
    {
        var shipped = File.ReadAllText(Path.Combine(Repository.Root, "harness.schema.json"));
        shipped.ReplaceLineEndings("\n").ShouldBe(SchemaGenerator.Generate(), "run `harness schema > harness.schema.json` after changing the language");
    }

    public static IEnumerable<TestCaseData> ScenarioFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "scenarios"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetRelativePath(Repository.Root, path)).SetName($"The schema accepts {Path.GetRelativePath(Repository.Root, path)}"));

    [TestCaseSource(nameof(ScenarioFiles))]
    public void The_schema_accepts_every_shipped_scenario(string relative)
    {
        foreach (var document in Documents(Path.Combine(Repository.Root, relative)))
        {
            Validator.Validate(document).ShouldBeEmpty();
        }
    }

    public static IEnumerable<TestCaseData> SchemaLevelMistakes() =>
        Directory.EnumerateFiles(MalformedCorpusTests.Folder, "*.yaml").Order(StringComparer.Ordinal)
            .Where(path => File.ReadLines(path).Skip(1).First() == "# schema: rejects")
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"The schema rejects {Path.GetFileNameWithoutExtension(path)}"));

    [Test]
    public void Many_corpus_mistakes_are_schema_level() => SchemaLevelMistakes().Count().ShouldBeGreaterThanOrEqualTo(30);

    [TestCaseSource(nameof(SchemaLevelMistakes))]
    public void The_schema_rejects_the_schema_level_mistakes_of_the_corpus(string file)
    {
        var errors = Documents(Path.Combine(MalformedCorpusTests.Folder, file)).SelectMany(Validator.Validate).ToList();
        errors.ShouldNotBeEmpty();
    }

    [Test]
    public void The_schema_accepts_short_forms_fields_beside_the_keyword_and_bare_steps()
    {
        var document = Documents("""
            name: forms
            clients: 2
            steps:
              - connect: tcp://127.0.0.1:7
                as: a
              - send: { text: "x", prefix: { size: 2, endian: little } }
                on: a
              - expect: { json: { a: [1, { b: null }] }, until: close, within: 2s, capture: { t: { jsonpath: $.a } } }
                on: a
              - repeat: 2
                steps:
                  - sleep: 10ms
              - shutdown
              - close
            """).Single();

        Validator.Validate(document).ShouldBeEmpty();
    }

    private static List<JsonNode?> Documents(string pathOrYaml)
    {
        var text = File.Exists(pathOrYaml) ? File.ReadAllText(pathOrYaml) : pathOrYaml;
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var nodes = new YamlNodes("schema-test");
        return stream.Documents.Select(d => YamlJson.Convert(nodes, d.RootNode)).ToList();
    }
}
