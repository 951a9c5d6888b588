using System.Text.Json;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

/// <summary>The JSON report keeps the shape docs/json-report.md documents.</summary>
public sealed class JsonReporterTests
{
    private static JsonElement Report()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.json");
        ReportFixtures.Feed(new JsonReporter(path));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [Test]
    public void The_report_says_its_version_the_run_and_the_totals()
    {
        var report = Report();

        report.GetProperty("version").GetInt32().ShouldBe(1);
        report.GetProperty("tool").GetString().ShouldBe("harness");
        report.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        report.GetProperty("durationMs").GetDouble().ShouldBe(1500);
        report.GetProperty("interrupted").GetBoolean().ShouldBeFalse();
        report.GetProperty("shard").GetProperty("index").GetInt32().ShouldBe(1);
        var summary = report.GetProperty("summary");
        (summary.GetProperty("passed").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("errored").GetInt32(),
            summary.GetProperty("skipped").GetInt32(), summary.GetProperty("total").GetInt32()).ShouldBe((1, 1, 1, 1, 4));
    }

    [Test]
    public void Scenarios_come_in_plan_order_with_their_outcome()
    {
        var scenarios = Report().GetProperty("scenarios").EnumerateArray().ToList();

        scenarios.Select(s => s.GetProperty("name").GetString()).ShouldBe(["echo", "other", "no transport", "later"]);
        scenarios.Select(s => s.GetProperty("outcome").GetString()).ShouldBe(["failed", "passed", "errored", "skipped"]);
        scenarios[3].GetProperty("skipReason").GetString()!.ShouldContain("--fail-fast");
        scenarios[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["smoke"]);
    }

    [Test]
    public void Every_step_has_its_result_and_timing_and_steps_after_a_failure_are_not_run()
    {
        var steps = Report().GetProperty("scenarios")[0].GetProperty("steps").EnumerateArray().ToList();

        steps.Select(s => s.GetProperty("keyword").GetString()).ShouldBe(["connect", "send", "expect", "close"]);
        steps.Select(s => s.GetProperty("outcome").GetString()).ShouldBe(["passed", "passed", "failed", "notRun"]);
        steps[2].GetProperty("durationMs").GetDouble().ShouldBe(21);
        steps[3].GetProperty("durationMs").ValueKind.ShouldBe(JsonValueKind.Null);
        steps[2].GetProperty("location").GetString().ShouldBe("test.yaml:6:5");
    }

    [Test]
    public void A_failure_carries_what_was_expected_and_received_as_text_or_base64_and_the_transcript()
    {
        var failure = Report().GetProperty("scenarios")[0].GetProperty("failure");

        failure.GetProperty("message").GetString().ShouldBe("differs at byte 7");
        failure.GetProperty("step").GetInt32().ShouldBe(3);
        failure.GetProperty("waitedMs").GetDouble().ShouldBe(21);
        failure.GetProperty("expectedBytes").GetProperty("text").GetString().ShouldBe("Hello, World!");
        var received = failure.GetProperty("received");
        received.GetProperty("length").GetInt32().ShouldBe(16);
        failure.GetProperty("receivedLength").GetInt32().ShouldBe(16);
        received.GetProperty("text").ValueKind.ShouldBe(JsonValueKind.Null);
        Convert.FromBase64String(received.GetProperty("base64").GetString()!)[^2..].ShouldBe(new byte[] { 0, 0x1b });
        failure.GetProperty("transcript").EnumerateArray().Select(t => t.GetProperty("direction").GetString()).ShouldBe(["sent", "received"]);
        failure.GetProperty("peerOutputs")[0].GetProperty("peer").GetString().ShouldBe("server");
        failure.GetProperty("story")[0].GetString().ShouldBe("step 3: expect text \"Hello, World!\" (test.yaml:6:5)");
    }

    [Test]
    public void A_failure_that_keeps_only_the_first_bytes_of_a_flood_says_how_many_arrived()
    {
        // Given a failure that kept the first 4 bytes of 67108864 that arrived, and one that received nothing
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.json");
        var reporter = new JsonReporter(path);
        var flood = new Failure("67108864 bytes arrived without a decision", Received: "yyyy"u8.ToArray()) { ReceivedLength = 67108864 };
        var silent = new Failure("nothing arrived within 2.00 s");
        reporter.RunStarted(Some.Plan(ReportFixtures.Other, ReportFixtures.Skipped));
        reporter.ScenarioFinished(new ScenarioResult(ReportFixtures.Other, Outcome.Failed, TimeSpan.Zero, [], flood));
        reporter.ScenarioFinished(new ScenarioResult(ReportFixtures.Skipped, Outcome.Failed, TimeSpan.Zero, [], silent));
        reporter.RunFinished(new RunSummary(0, 2, 0, 0, TimeSpan.Zero));

        // Then the report keeps those bytes and says how many there were; without received bytes, both are null
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var failures = document.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("failure")).ToList();
        failures[0].GetProperty("received").GetProperty("length").GetInt32().ShouldBe(4);
        failures[0].GetProperty("receivedLength").GetInt64().ShouldBe(67108864);
        failures[1].GetProperty("received").ValueKind.ShouldBe(JsonValueKind.Null);
        failures[1].GetProperty("receivedLength").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
