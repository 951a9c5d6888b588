using System.Text;
using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Reporting;

/// <summary>A small run with one result of each kind, fed to a reporter the way the suite runner does.</summary>
internal static class ReportFixtures
{
    public static readonly Scenario Echo = Scenarios.Parse("""
        name: echo
        tags: [smoke]
        steps:
          - connect: tcp://127.0.0.1:7
          - send: "Hello, Server!"
          - expect: "Hello, World!"
          - close
        """) with { FilePath = "a.yaml" };

    public static readonly Scenario Other = Some.Scenario("other", "b.yaml");

    public static readonly Scenario Unrunnable = Some.Scenario("no transport", "b.yaml", line: 5);

    public static readonly Scenario Skipped = Some.Scenario("later", "b.yaml", line: 9);

    /// <summary>Echo fails at its expect after receiving NUL and ESC bytes, which XML cannot hold as they are.</summary>
    public static ScenarioResult FailedEcho()
    {
        var received = Encoding.UTF8.GetBytes("Hello, Server!\0\u001b");
        var failure = new Failure("differs at byte 7", Echo.Steps[2], "text \"Hello, World!\"", received, TimeSpan.FromMilliseconds(21))
        {
            ExpectedBytes = Encoding.UTF8.GetBytes("Hello, World!"),
            PeerOutputs = [new PeerOutput("server", "listening\u0007 on 127.0.0.1:7")],
            Transcript =
            [
                new TranscriptEntry(TimeSpan.FromMilliseconds(3), "", Direction.Sent, Encoding.UTF8.GetBytes("Hello, Server!")),
                new TranscriptEntry(TimeSpan.FromMilliseconds(24), "", Direction.Received, received),
            ],
        };
        var steps = new List<StepResult>
        {
            new(Echo.Steps[0], Outcome.Passed, TimeSpan.FromMilliseconds(2)),
            new(Echo.Steps[1], Outcome.Passed, TimeSpan.FromMilliseconds(1)),
            new(Echo.Steps[2], Outcome.Failed, TimeSpan.FromMilliseconds(21)),
        };
        return new ScenarioResult(Echo, Outcome.Failed, TimeSpan.FromMilliseconds(30), steps, failure);
    }

    public static void Feed(IReporter reporter)
    {
        reporter.RunStarted(new RunPlan([Echo, Other, Unrunnable, Skipped], 4, 4, new Shard(1, 1), 2, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        reporter.ScenarioFinished(Some.Passed(Other));
        reporter.ScenarioFinished(FailedEcho());
        reporter.ScenarioFinished(new ScenarioResult(Unrunnable, Outcome.Errored, TimeSpan.FromMilliseconds(1), [], new Failure("no transport plugin provides 'sctp'")));
        reporter.ScenarioFinished(ScenarioResult.Skip(Skipped, "--fail-fast: an earlier scenario did not pass"));
        reporter.RunFinished(new RunSummary(1, 1, 1, 1, TimeSpan.FromMilliseconds(1500)));
    }
}
