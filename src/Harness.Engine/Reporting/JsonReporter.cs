using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Engine.Model;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// The JSON report documented in docs/json-report.md (<c>"version": 1</c>): the run, every scenario, every
/// step with its timing and result, and each failure's story as data. Fields are only ever added within a
/// version; a change that breaks readers raises the version. Written at the end of the run, atomically.
/// </summary>
public sealed class JsonReporter(string path) : IFileReporter
{
    public const int Version = 1;

    private readonly List<ScenarioResult> _results = [];
    private RunPlan? _plan;

    public string Format => "JSON";

    public string Path => path;

    public void RunStarted(RunPlan plan) => _plan = plan;

    public void ScenarioStarted(Scenario scenario)
    {
    }

    public void ScenarioFinished(ScenarioResult result) => _results.Add(result);

    public void RunFinished(RunSummary summary) => AtomicFile.Write(path, stream => Write(stream, summary));

    public void Write(Stream stream, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteString("tool", "harness");
        json.WriteString("toolVersion", typeof(JsonReporter).Assembly.GetName().Version?.ToString(3));
        json.WriteString("startedAt", _plan?.StartedAt ?? DateTimeOffset.UtcNow);
        WriteMilliseconds(json, "durationMs", summary.Duration);
        json.WriteBoolean("interrupted", summary.Interrupted);
        json.WriteNumber("parallelism", _plan?.Parallelism ?? 1);
        json.WriteNumber("loaded", _plan?.Loaded ?? _results.Count);
        json.WriteNumber("matched", _plan?.Matched ?? _results.Count);
        if (_plan?.Shard is { } shard)
        {
            json.WriteStartObject("shard");
            json.WriteNumber("index", shard.Index);
            json.WriteNumber("count", shard.Count);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("shard");
        }

        json.WriteStartObject("summary");
        json.WriteNumber("passed", summary.Passed);
        json.WriteNumber("failed", summary.Failed);
        json.WriteNumber("errored", summary.Errored);
        json.WriteNumber("skipped", summary.Skipped);
        json.WriteNumber("total", summary.Total);
        json.WriteEndObject();

        json.WriteStartArray("scenarios");
        var positions = _plan?.Positions() ?? new Dictionary<Model.Scenario, int>();
        foreach (var result in _results.OrderBy(r => positions.GetValueOrDefault(r.Scenario)))
        {
            WriteScenario(json, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteScenario(Utf8JsonWriter json, ScenarioResult result)
    {
        var scenario = result.Scenario;
        json.WriteStartObject();
        json.WriteString("name", scenario.Name);
        json.WriteString("file", scenario.FilePath);
        json.WriteNumber("line", scenario.Location.Line);
        json.WriteStartArray("tags");
        foreach (var tag in scenario.Tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("outcome", Name(result.Outcome));
        WriteMilliseconds(json, "durationMs", result.Duration);
        json.WriteString("skipReason", result.SkipReason);
        json.WriteStartArray("steps");
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            json.WriteStartObject();
            json.WriteNumber("index", i + 1);
            json.WriteString("keyword", step.Keyword);
            json.WriteString("description", step.Describe());
            json.WriteString("location", step.Location.ToString());
            if (i < result.Steps.Count)
            {
                json.WriteString("outcome", Name(result.Steps[i].Outcome));
                WriteMilliseconds(json, "durationMs", result.Steps[i].Duration);
            }
            else
            {
                json.WriteString("outcome", "notRun");
                json.WriteNull("durationMs");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (result.Failure is { } failure)
        {
            WriteFailure(json, result, failure);
        }
        else
        {
            json.WriteNull("failure");
        }

        json.WriteEndObject();
    }

    private static void WriteFailure(Utf8JsonWriter json, ScenarioResult result, Failure failure)
    {
        json.WriteStartObject("failure");
        json.WriteString("message", failure.Message);
        if (failure.Step is { } step)
        {
            json.WriteNumber("step", IndexOf(result.Scenario, step) + 1);
            json.WriteString("location", step.Location.ToString());
        }
        else
        {
            json.WriteNull("step");
            json.WriteNull("location");
        }

        json.WriteString("expected", failure.Expected);
        WriteBytes(json, "expectedBytes", failure.ExpectedBytes);
        WriteBytes(json, "received", failure.Received);
        if (failure.Received is { } received)
        {
            json.WriteNumber("receivedLength", failure.ReceivedLength ?? received.Length);
        }
        else
        {
            json.WriteNull("receivedLength");
        }

        if (failure.Waited is { } waited)
        {
            WriteMilliseconds(json, "waitedMs", waited);
        }
        else
        {
            json.WriteNull("waitedMs");
        }

        json.WriteStartArray("peerOutputs");
        foreach (var peer in failure.PeerOutputs)
        {
            json.WriteStartObject();
            json.WriteString("peer", peer.Peer);
            json.WriteString("text", peer.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("transcript");
        foreach (var entry in failure.Transcript)
        {
            json.WriteStartObject();
            WriteMilliseconds(json, "atMs", entry.At);
            json.WriteString("connection", entry.Connection);
            json.WriteString("direction", entry.Direction == Direction.Sent ? "sent" : "received");
            WriteBytes(json, "bytes", entry.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("story");
        foreach (var line in FailureStory.Lines(result, failure, includeTranscript: false))
        {
            json.WriteStringValue(line);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Bytes as <c>{ "length", "text" (when printable UTF-8, else null), "base64" }</c>, or null.</summary>
    private static void WriteBytes(Utf8JsonWriter json, string name, ReadOnlyMemory<byte>? bytes)
    {
        if (bytes is not { } value)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("length", value.Length);
        if (BytePreview.IsPrintable(value.Span))
        {
            json.WriteString("text", System.Text.Encoding.UTF8.GetString(value.Span));
        }
        else
        {
            json.WriteNull("text");
        }

        json.WriteBase64String("base64", value.Span);
        json.WriteEndObject();
    }

    private static void WriteMilliseconds(Utf8JsonWriter json, string name, TimeSpan duration) =>
        json.WriteNumber(name, Math.Round(duration.TotalMilliseconds, 3));

    private static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Passed => "passed",
        Outcome.Failed => "failed",
        Outcome.Errored => "errored",
        _ => "skipped",
    };

    private static int IndexOf(Scenario scenario, Step step)
    {
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            if (ReferenceEquals(scenario.Steps[i], step))
            {
                return i;
            }
        }

        return -1;
    }
}
