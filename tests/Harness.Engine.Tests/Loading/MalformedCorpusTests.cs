using System.Text.RegularExpressions;
using Harness.Engine.Loading;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>
/// Every file in Corpus/malformed is a mistake a person makes; its first line says where the loader must
/// point and what it must say (<c># error: LINE:COLUMN: fragment</c>). None may escape as anything but a
/// located <see cref="ScenarioException"/>.
/// </summary>
public sealed partial class MalformedCorpusTests
{
    internal static string Folder => Path.Combine(Repository.Root, "tests", "Harness.Engine.Tests", "Corpus", "malformed");

    public static IEnumerable<TestCaseData> Files() =>
        Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"Malformed {Path.GetFileNameWithoutExtension(path)} is reported at its place"));

    [Test]
    public void The_corpus_holds_at_least_fifty_mistakes() => Files().Count().ShouldBeGreaterThanOrEqualTo(50);

    [TestCaseSource(nameof(Files))]
    public void Each_mistake_is_reported_at_its_place(string file)
    {
        // Given the expectation in the file's first line
        var path = Path.Combine(Folder, file);
        var header = ErrorHeader().Match(File.ReadLines(path).First());
        header.Success.ShouldBeTrue($"{file} must start with '# error: LINE:COLUMN: fragment'");

        // When the loader reads it
        var display = "malformed/" + file;
        Exception? thrown = null;
        try
        {
            new ScenarioLoader(new LoadOptions()).LoadFile(path, display);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        // Then it fails with a ScenarioException at that place, saying that
        var error = thrown.ShouldBeOfType<ScenarioException>($"{file}: expected a ScenarioException, got {thrown}");
        error.Message.ShouldStartWith($"{display}:{header.Groups[1].Value}:{header.Groups[2].Value}: ");
        error.Message.ShouldContain(header.Groups[3].Value);
    }

    [GeneratedRegex(@"^# error: (\d+):(\d+): (.+)$")]
    private static partial Regex ErrorHeader();
}
