using System.Globalization;
using System.Text;
using System.Xml;
using Harness.Engine.Loading;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// JUnit XML, as CI systems read it (the Ant/Jenkins shape; tests/junit.xsd): one <c>testsuite</c> per
/// scenario file, one <c>testcase</c> per scenario, <c>failure</c> for a failed scenario with its story,
/// <c>error</c> for one that could not run, <c>skipped</c>, and the steps and transcript in <c>system-out</c>.
/// Written once, at the end of the run (also an interrupted one), atomically.
/// </summary>
public sealed class JUnitReporter(string path) : IFileReporter
{
    private readonly List<ScenarioResult> _results = [];
    private RunPlan? _plan;

    public string Format => "JUnit";

    public string Path => path;

    public void RunStarted(RunPlan plan) => _plan = plan;

    public void ScenarioStarted(Model.Scenario scenario)
    {
    }

    public void ScenarioFinished(ScenarioResult result) => _results.Add(result);

    public void RunFinished(RunSummary summary) => AtomicFile.Write(path, stream => Write(stream, summary));

    /// <summary>Writes the report for the results so far.</summary>
    public void Write(Stream stream, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = true };
        using var xml = XmlWriter.Create(stream, settings);
        var positions = _plan?.Positions() ?? new Dictionary<Model.Scenario, int>();
        var cases = _results
            .OrderBy(r => positions.GetValueOrDefault(r.Scenario))
            .SelectMany(TestCases)
            .ToList();
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "harness");
        WriteCounts(xml, cases);
        xml.WriteAttributeString("time", Seconds(summary.Duration));
        foreach (var file in cases.GroupBy(c => c.File))
        {
            WriteSuite(xml, file.Key, [.. file]);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>
    /// The test cases of one scenario result: one today. A scenario run by several concurrent clients can give
    /// each client its own test case here (named "scenario [client N]"), and nothing else has to change.
    /// </summary>
    private static IEnumerable<TestCase> TestCases(ScenarioResult result)
    {
        yield return new TestCase(result.Scenario.FilePath, result.Scenario.Name, result);
    }

    private void WriteSuite(XmlWriter xml, string file, List<TestCase> cases)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(file));
        WriteCounts(xml, cases);
        xml.WriteAttributeString("skipped", Count(cases.Count(c => c.Result.Outcome == Outcome.Skipped)));
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(cases.Sum(c => c.Result.Duration.Ticks))));
        xml.WriteAttributeString("timestamp", (_plan?.StartedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", Clean(Environment.MachineName));
        xml.WriteAttributeString("file", Clean(file));
        if (_plan?.Shard is { } shard)
        {
            xml.WriteStartElement("properties");
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", "shard");
            xml.WriteAttributeString("value", shard.ToString());
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var testCase in cases)
        {
            WriteCase(xml, testCase);
        }

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, TestCase testCase)
    {
        var result = testCase.Result;
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Clean(testCase.Name));
        xml.WriteAttributeString("classname", Clean(testCase.File));
        xml.WriteAttributeString("time", Seconds(result.Duration));
        xml.WriteAttributeString("file", Clean(testCase.File));
        xml.WriteAttributeString("line", Count(result.Scenario.Location.Line));
        switch (result.Outcome)
        {
            case Outcome.Skipped:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean(result.SkipReason ?? "skipped"));
                xml.WriteEndElement();
                break;
            case Outcome.Failed or Outcome.Errored when result.Failure is { } failure:
                xml.WriteStartElement(result.Outcome == Outcome.Failed ? "failure" : "error");
                xml.WriteAttributeString("message", Clean(failure.Message));
                xml.WriteAttributeString("type", result.Outcome == Outcome.Failed ? failure.Step?.Keyword ?? "scenario" : "could-not-run");
                xml.WriteString(Clean(string.Join('\n', FailureStory.Lines(result, failure, includeTranscript: false))));
                xml.WriteEndElement();
                break;
        }

        if (result.Outcome != Outcome.Skipped)
        {
            xml.WriteElementString("system-out", Clean(SystemOut(result)));
        }

        xml.WriteEndElement();
    }

    /// <summary>The steps with their timings, then the transcript of the last bytes each way.</summary>
    private static string SystemOut(ScenarioResult result)
    {
        var lines = new List<string>();
        for (var i = 0; i < result.Scenario.Steps.Count; i++)
        {
            var step = result.Scenario.Steps[i];
            var outcome = i < result.Steps.Count
                ? $"{result.Steps[i].Outcome.ToString().ToLowerInvariant()} in {Durations.Format(result.Steps[i].Duration)}"
                : "not run";
            lines.Add($"step {i + 1}: {step.Describe()} ({step.Location}): {outcome}");
        }

        if (result.Failure is { Transcript.Count: > 0 } failure)
        {
            lines.Add("transcript (last bytes each way):");
            lines.AddRange(FailureStory.TranscriptLines(failure.Transcript).Select(l => "  " + l));
        }

        return string.Join('\n', lines);
    }

    private static void WriteCounts(XmlWriter xml, List<TestCase> cases)
    {
        xml.WriteAttributeString("tests", Count(cases.Count));
        xml.WriteAttributeString("failures", Count(cases.Count(c => c.Result.Outcome == Outcome.Failed)));
        xml.WriteAttributeString("errors", Count(cases.Count(c => c.Result.Outcome == Outcome.Errored)));
    }

    private static string Clean(string text) => XmlText.Clean(text);

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed record TestCase(string File, string Name, ScenarioResult Result);
}
