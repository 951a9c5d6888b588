using System.Text.Json;

namespace Harness.Cli.Tests.Support;

/// <summary>One scenario of a JSON report (docs/json-report.md), as the hostile-peer tests check it.</summary>
internal sealed record ReportedScenario(
    string Name,
    string Outcome,
    double DurationMs,
    string? Message,
    IReadOnlyList<int> TranscriptLengths,
    long? ReceivedLength,
    int? ReceivedKept,
    IReadOnlyList<string> PeerOutputs)
{
    public string Text => $"{Name}: {Outcome} in {DurationMs:0} ms{(Message is null ? string.Empty : ": " + Message)}";

    /// <summary>The report's scenarios, by name.</summary>
    public static IReadOnlyDictionary<string, ReportedScenario> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("scenarios").EnumerateArray().Select(Parse).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    private static ReportedScenario Parse(JsonElement scenario)
    {
        var failure = scenario.GetProperty("failure");
        var failed = failure.ValueKind == JsonValueKind.Object;
        var received = failed ? failure.GetProperty("received") : default;
        return new ReportedScenario(
            scenario.GetProperty("name").GetString()!,
            scenario.GetProperty("outcome").GetString()!,
            scenario.GetProperty("durationMs").GetDouble(),
            failed ? failure.GetProperty("message").GetString() : null,
            failed ? [.. failure.GetProperty("transcript").EnumerateArray().Select(e => e.GetProperty("bytes").GetProperty("length").GetInt32())] : [],
            failed && failure.GetProperty("receivedLength").ValueKind == JsonValueKind.Number ? failure.GetProperty("receivedLength").GetInt64() : null,
            received.ValueKind == JsonValueKind.Object ? received.GetProperty("length").GetInt32() : null,
            failed ? [.. failure.GetProperty("peerOutputs").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)] : []);
    }
}
