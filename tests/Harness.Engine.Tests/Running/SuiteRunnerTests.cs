using Harness.Engine.Model;
using Harness.Engine.Running;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Running;

/// <summary>The suite runner with a stand-in for running one scenario: ordering, limits and stopping, no sockets.</summary>
public sealed class SuiteRunnerTests
{
    [Test]
    public async Task Every_scenario_runs_once_and_the_reporter_hears_of_each_then_of_the_end()
    {
        var suite = Some.Suite(5);
        var reporter = new CollectingReporter();
        var runner = new SuiteRunner((s, _) => Task.FromResult(Some.Passed(s)), reporter, new SuiteOptions { Parallelism = 2 });

        var summary = await runner.RunAsync(runner.Plan(suite), CancellationToken.None);

        summary.Passed.ShouldBe(5);
        reporter.Results.Select(r => r.Scenario).ShouldBe(suite, ignoreOrder: true);
        reporter.Calls[0].ShouldBe("started 5");
        reporter.Calls[^1].ShouldBe("finished");
    }

    [Test]
    public async Task Fail_fast_starts_nothing_after_a_failure_and_counts_the_rest_as_skipped()
    {
        // Given one scenario at a time, the second of which fails
        var suite = Some.Suite(5);
        var started = new List<string>();
        var reporter = new CollectingReporter();
        var runner = new SuiteRunner(
            (s, _) =>
            {
                started.Add(s.Name);
                return Task.FromResult(started.Count == 2 ? Some.Failed(s) : Some.Passed(s));
            },
            reporter,
            new SuiteOptions { Parallelism = 1, FailFast = true });

        // When the suite runs with --fail-fast
        var summary = await runner.RunAsync(runner.Plan(suite), CancellationToken.None);

        // Then nothing starts after the failure, and the three left are reported as skipped
        started.Count.ShouldBe(2);
        (summary.Passed, summary.Failed, summary.Skipped).ShouldBe((1, 1, 3));
        reporter.Results.Where(r => r.Outcome == Outcome.Skipped).ShouldAllBe(r => r.SkipReason!.Contains("--fail-fast"));
    }

    [Test]
    public async Task Without_fail_fast_a_failure_does_not_stop_the_others()
    {
        var suite = Some.Suite(4);
        var runner = new SuiteRunner((s, _) => Task.FromResult(Some.Failed(s)), new CollectingReporter(), new SuiteOptions { Parallelism = 1 });

        var summary = await runner.RunAsync(runner.Plan(suite), CancellationToken.None);

        summary.Failed.ShouldBe(4);
    }

    [Test]
    public async Task No_more_than_the_parallelism_run_at_once_and_that_many_do()
    {
        // Each scenario waits until three are in flight (or a generous time passes), so the peak is deterministic.
        var inFlight = 0;
        var peak = 0;
        var threeRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<ScenarioResult> Run(Scenario s, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (now == 3)
            {
                threeRunning.TrySetResult();
            }

            await threeRunning.Task.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Interlocked.Decrement(ref inFlight);
            return Some.Passed(s);
        }

        var runner = new SuiteRunner(Run, new CollectingReporter(), new SuiteOptions { Parallelism = 3 });

        await runner.RunAsync(runner.Plan(Some.Suite(12)), CancellationToken.None);

        peak.ShouldBe(3);
    }

    [Test]
    public async Task A_scenario_that_must_run_alone_never_overlaps_another()
    {
        // Sorted first, so that without the rule it would start together with three others.
        var alone = Some.Scenario("fixed port", "a.yaml") with { Parallel = false };
        var suite = Some.Suite(6).Append(alone).ToList();
        var inFlight = 0;
        var overlapped = false;
        async Task<ScenarioResult> Run(Scenario s, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            await Task.Delay(10, ct);
            if (ReferenceEquals(s, alone) && (now > 1 || Volatile.Read(ref inFlight) > 1))
            {
                overlapped = true;
            }

            Interlocked.Decrement(ref inFlight);
            return Some.Passed(s);
        }

        var runner = new SuiteRunner(Run, new CollectingReporter(), new SuiteOptions { Parallelism = 4 });

        var summary = await runner.RunAsync(runner.Plan(suite), CancellationToken.None);

        summary.Passed.ShouldBe(7);
        overlapped.ShouldBeFalse();
    }

    [Test]
    public async Task An_interrupted_run_reports_the_rest_as_skipped_and_still_finishes_its_reports()
    {
        using var interrupt = new CancellationTokenSource();
        var reporter = new CollectingReporter();
        var runner = new SuiteRunner(
            async (s, ct) =>
            {
                await interrupt.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct);
                return Some.Passed(s);
            },
            reporter,
            new SuiteOptions { Parallelism = 1 });

        var summary = await runner.RunAsync(runner.Plan(Some.Suite(3)), interrupt.Token);

        summary.Interrupted.ShouldBeTrue();
        summary.Skipped.ShouldBe(3);
        reporter.Calls[^1].ShouldBe("finished");
        reporter.Results.ShouldAllBe(r => r.SkipReason!.Contains("interrupted"));
    }

    [Test]
    public async Task A_crash_while_running_one_scenario_is_an_error_of_that_scenario_only()
    {
        var suite = Some.Suite(3);
        var runner = new SuiteRunner(
            (s, _) => s == suite[1] ? throw new InvalidOperationException("boom") : Task.FromResult(Some.Passed(s)),
            new CollectingReporter(),
            new SuiteOptions { Parallelism = 1 });

        var summary = await runner.RunAsync(runner.Plan(suite), CancellationToken.None);

        (summary.Passed, summary.Errored).ShouldBe((2, 1));
    }

    [Test]
    public void The_plan_filters_first_then_takes_the_shard_of_what_matched()
    {
        var suite = Some.Suite(9).Select((s, i) => i % 3 == 0 ? s with { Tags = ["smoke"] } : s).ToList();

        var options = new SuiteOptions { Filter = ScenarioFilter.Parse(["tag:smoke"]), Shard = new Shard(1, 2) };

        var plan = new SuiteRunner((s, _) => Task.FromResult(Some.Passed(s)), new CollectingReporter(), options).Plan(suite);

        (plan.Loaded, plan.Matched, plan.Scenarios.Count).ShouldBe((9, 3, 2));
        plan.ShardLine.ShouldBe("shard 1/2: 2 of 3 scenarios");
    }

    [TestCase("peers:\n  server: { builtin: echo }\nsteps:\n  - connect: tcp://${peers.server.endpoint}", false)]
    [TestCase("peers:\n  server: { builtin: echo, port: 7007 }\nsteps:\n  - connect: tcp://${peers.server.endpoint}", true)]
    [TestCase("peers:\n  server: { address: tcp://127.0.0.1:7007 }\nsteps:\n  - connect: tcp://${peers.server.endpoint}", true)]
    [TestCase("steps:\n  - connect: tcp://127.0.0.1:7007", true)]
    [TestCase("parallel: false\nsteps:\n  - connect: tcp://127.0.0.1:7007", true)]
    [TestCase("parallel: true\nsteps:\n  - connect: tcp://127.0.0.1:7007", false)]
    public void Scenarios_that_would_clash_when_doubled_run_alone_unless_they_say_otherwise(string body, bool alone) =>
        SuiteRunner.MustRunAlone(Scenarios.Parse("name: x\n" + body)).ShouldBe(alone);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
