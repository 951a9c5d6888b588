using System.Diagnostics;
using Harness.Engine.Model;
using Harness.Engine.Reporting;

namespace Harness.Engine.Running;

/// <summary>
/// Runs a suite: filters and shards the loaded scenarios, runs them with bounded parallelism, stops starting
/// new ones after a failure under <c>--fail-fast</c> or on cancellation, and tells the reporter everything,
/// ending with <see cref="IReporter.RunFinished"/> also when interrupted, so that report files get written.
/// </summary>
/// <remarks>
/// Scenarios that must not overlap with others run alone, after the parallel ones: those written
/// <c>parallel: false</c>, and (unless written <c>parallel: true</c>) those that would clash or share state
/// when doubled: a built-in peer on a fixed port, an <c>address</c> peer (someone else's server), or a
/// <c>connect</c> to an address that is not a peer's own (<c>${peers.…}</c>). Built-in peers on port 0 never clash.
/// </remarks>
public sealed class SuiteRunner(Func<Scenario, CancellationToken, Task<ScenarioResult>> runScenario, IReporter reporter, SuiteOptions options)
{
    public SuiteRunner(ScenarioRunner runner, IReporter reporter, SuiteOptions options)
        : this((runner ?? throw new ArgumentNullException(nameof(runner))).RunAsync, reporter, options)
    {
    }

    /// <summary>Which scenarios a run with this runner's options takes, in their stable order.</summary>
    public RunPlan Plan(IReadOnlyList<Scenario> loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var matched = Shard.StableOrder(loaded.Where(options.Filter.Matches));
        var selected = options.Shard is { } shard ? shard.Select(matched) : matched;
        return new RunPlan(selected, loaded.Count, matched.Count, options.Shard, Math.Max(1, options.Parallelism), DateTimeOffset.UtcNow);
    }

    /// <summary>Whether a scenario has to run with no other scenario at the same time.</summary>
    public static bool MustRunAlone(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Parallel switch
        {
            false => true,
            true => false,
            null => scenario.Peers.Any(p => p is BuiltinPeerDeclaration { Port: not 0 } or AddressPeerDeclaration)
                || scenario.Steps.OfType<ConnectStep>().Any(c => !c.Address.Raw.Contains("${peers.", StringComparison.Ordinal)),
        };
    }

    public async Task<RunSummary> RunAsync(RunPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        var results = new ScenarioResult?[plan.Scenarios.Count];
        var failedFast = 0;
        RunSummary? summary = null;
        reporter.RunStarted(plan);
        try
        {
            var indexes = Enumerable.Range(0, plan.Scenarios.Count).ToList();
            // One at a time, everything simply runs in plan order.
            var together = plan.Parallelism == 1 ? [] : indexes.Where(i => !MustRunAlone(plan.Scenarios[i])).ToList();
            var alone = indexes.Except(together).ToList();

            // The loop's own token stays uncancelled: every body must run to record a result or a skip.
            await Parallel.ForEachAsync(
                together,
                new ParallelOptions { MaxDegreeOfParallelism = plan.Parallelism, CancellationToken = CancellationToken.None },
                async (i, _) => await RunOneAsync(plan.Scenarios[i], i).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var i in alone)
            {
                await RunOneAsync(plan.Scenarios[i], i).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever did not run is reported as skipped, and RunFinished always comes: report files are
            // written here, also when the run was interrupted.
            var reason = cancellationToken.IsCancellationRequested ? "the run was interrupted"
                : Volatile.Read(ref failedFast) != 0 ? "--fail-fast: an earlier scenario did not pass"
                : "the run stopped before it";
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i] is null)
                {
                    results[i] = ScenarioResult.Skip(plan.Scenarios[i], reason);
                    reporter.ScenarioFinished(results[i]!);
                }
            }

            summary = RunSummary.From(results.Select(r => r!).ToList(), clock.Elapsed) with
            {
                Interrupted = cancellationToken.IsCancellationRequested,
            };
            reporter.RunFinished(summary);
        }

        return summary!;

        async Task RunOneAsync(Scenario scenario, int index)
        {
            if (Volatile.Read(ref failedFast) != 0 || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            reporter.ScenarioStarted(scenario);
            ScenarioResult result;
            try
            {
                // Fail-fast lets the scenarios already running finish; only an interrupt cancels them.
                result = await runScenario(scenario, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped half-way by an interrupt: not a verdict on the scenario.
                result = ScenarioResult.Skip(scenario, "the run was interrupted while it ran");
            }
#pragma warning disable CA1031 // A bug in running one scenario must not take the others' results with it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = new ScenarioResult(scenario, Outcome.Errored, TimeSpan.Zero, [], new Failure($"the harness failed: {ex.Message}"));
            }

            results[index] = result;
            reporter.ScenarioFinished(result);
            if (options.FailFast && result.Outcome is Outcome.Failed or Outcome.Errored)
            {
                Volatile.Write(ref failedFast, 1);
            }
        }
    }
}
