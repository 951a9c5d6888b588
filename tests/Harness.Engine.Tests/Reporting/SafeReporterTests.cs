using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

public sealed class SafeReporterTests
{
    [Test]
    public void When_a_reporter_throws_the_others_still_hear_every_event_and_the_failure_is_told_once()
    {
        // Given a reporter that throws on every call between two that work
        var before = new CollectingReporter();
        var after = new CollectingReporter();
        var error = new StringWriter();
        var safe = new SafeReporter([before, new ThrowingReporter(), after], error);
        var scenario = Some.Scenario();

        // When a whole run is reported
        safe.RunStarted(Some.Plan(scenario));
        safe.ScenarioStarted(scenario);
        safe.ScenarioFinished(Some.Passed(scenario));
        safe.RunFinished(new RunSummary(1, 0, 0, 0, TimeSpan.FromSeconds(1)));

        // Then both working reporters got all four events, and stderr names the broken one once
        before.Calls.Count.ShouldBe(4);
        after.Calls.ShouldBe(before.Calls);
        error.ToString().ShouldBe("harness: the JUnit report (out/junit.xml) failed: disk full" + Environment.NewLine);
        safe.AnyFailed.ShouldBeTrue();
    }

    [Test]
    public void Reporters_that_work_leave_nothing_on_stderr()
    {
        var error = new StringWriter();
        var safe = new SafeReporter([new CollectingReporter()], error);

        safe.RunStarted(Some.Plan());

        error.ToString().ShouldBeEmpty();
        safe.AnyFailed.ShouldBeFalse();
    }

    private sealed class ThrowingReporter : IFileReporter
    {
        public string Format => "JUnit";

        public string Path => "out/junit.xml";

        public void RunStarted(RunPlan plan) => throw new IOException("disk full");

        public void ScenarioStarted(Scenario scenario) => throw new IOException("disk full");

        public void ScenarioFinished(ScenarioResult result) => throw new IOException("disk full");

        public void RunFinished(RunSummary summary) => throw new IOException("disk full");
    }
}
