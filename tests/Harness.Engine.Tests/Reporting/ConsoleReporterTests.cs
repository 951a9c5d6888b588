using Harness.Engine.Reporting;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

public sealed class ConsoleReporterTests
{
    [Test]
    public void Plain_output_has_a_line_per_scenario_the_story_under_failures_and_a_summary_and_no_escape_codes()
    {
        var output = new StringWriter();

        ReportFixtures.Feed(new ConsoleReporter(output, ConsoleStyle.Plain));

        var text = output.ToString();
        text.ShouldNotContain("\u001b");
        text.ShouldContain("PASS  other (b.yaml) 12 ms");
        text.ShouldContain("FAIL  echo (a.yaml) 30 ms");
        text.ShouldContain("      step 3: expect text \"Hello, World!\" (test.yaml:6:5)");
        text.ShouldContain("      transcript (last bytes each way):");
        text.ShouldContain("ERROR no transport (b.yaml)");
        text.ShouldContain("SKIP  later (b.yaml): --fail-fast: an earlier scenario did not pass");
        text.ShouldContain("shard 1/1: 4 of 4 scenarios");
        text.ShouldEndWith("1 passed, 1 failed, 1 errored, 1 skipped, 4 total (1.50 s)" + Environment.NewLine);
    }

    [Test]
    public void On_a_terminal_a_status_line_is_rewritten_in_place_and_verdicts_are_coloured()
    {
        var output = new StringWriter();
        using var reporter = new ConsoleReporter(output, new ConsoleStyle(Live: true, Color: true, Width: 60));
        var echo = ReportFixtures.Echo;
        reporter.RunStarted(Some.Plan(echo, ReportFixtures.Other));

        reporter.ScenarioStarted(echo);
        reporter.ScenarioStarted(ReportFixtures.Other);
        reporter.ScenarioFinished(Some.Passed(ReportFixtures.Other));

        var text = output.ToString();
        text.ShouldContain("\r\u001b[2K| [0/2] running: echo, other");
        text.ShouldContain("\r\u001b[2K\u001b[32mPASS \u001b[0m other");
        text.ShouldEndWith("[1/2] running: echo");
    }

    [Test]
    public void The_status_line_is_cut_to_the_terminal_width()
    {
        var output = new StringWriter();
        using var reporter = new ConsoleReporter(output, new ConsoleStyle(Live: true, Color: false, Width: 30));
        var longName = Some.Scenario(new string('n', 100));
        reporter.RunStarted(Some.Plan(longName));

        reporter.ScenarioStarted(longName);

        output.ToString().Split('\r')[^1].Length.ShouldBeLessThan(30 + "\u001b[2K".Length);
    }
}
