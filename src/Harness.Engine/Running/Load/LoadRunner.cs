using System.Diagnostics;
using Harness.Engine.Model;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;

namespace Harness.Engine.Running.Load;

/// <summary>
/// <c>harness load</c>: starts the scenario's peers once, then runs its steps in a loop on N concurrent
/// clients, timing every top-level step. A failed iteration counts as an error; its client drops its
/// connections and starts the next iteration afresh. Latencies go into per-client histograms (no lock,
/// bounded memory), merged at the end.
/// </summary>
/// <exception cref="Harness.Abstractions.PeerStartException">A peer could not start.</exception>
public sealed class LoadRunner(PluginCatalog catalog, RunSettings settings)
{
    private const int FailureKinds = 10;
    private readonly TimeProvider _time = TimeProvider.System;

    public async Task<LoadResult> RunAsync(Scenario scenario, LoadPlan plan, Action<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.Clients, 1);
        var variables = new Dictionary<string, string>(settings.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in scenario.Variables)
        {
            variables.TryAdd(name, value); // the scenario's defaults, where harness.yaml and --var say nothing
        }

        string? Lookup(string name) =>
            variables.TryGetValue(name, out var value) ? value
            : name.StartsWith("env.", StringComparison.Ordinal) ? Environment.GetEnvironmentVariable(name[4..])
            : null;

        var peers = await PeerSet.StartAsync(scenario, catalog, settings, Lookup, cancellationToken).ConfigureAwait(false);
        await using (peers.ConfigureAwait(false))
        {
            foreach (var (key, value) in peers.Variables)
            {
                variables[key] = value;
            }

            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (plan.Duration is { } duration)
            {
                stop.CancelAfter(duration);
            }

            var counters = new Counters();
            var clients = Enumerable.Range(1, plan.Clients)
                .Select(index => RunClientAsync(scenario, plan, index, Lookup, counters, stop.Token, cancellationToken))
                .ToList();
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporter = progress is null ? Task.CompletedTask : ReportAsync(plan, progress, clock, counters, reporting.Token);
            var histograms = await Task.WhenAll(clients).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            await reporting.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var steps = scenario.Steps.Select((step, i) =>
            {
                var merged = new LatencyHistogram();
                long failures = 0;
                foreach (var client in histograms)
                {
                    merged.Add(client.Latency[i]);
                    failures += client.Failures[i];
                }

                return new StepLoadResult(i + 1, step, merged, failures);
            }).ToList();
            return new LoadResult(scenario, plan.Clients, elapsed, counters.Iterations, counters.FailedIterations, steps, counters.FailuresByCount())
            {
                Exchanges = histograms.Sum(client => client.Exchanges),
            };
        }
    }

    private async Task ReportAsync(LoadPlan plan, Action<LoadProgress> progress, Stopwatch clock, Counters counters, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(plan.ProgressInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                progress(new LoadProgress(clock.Elapsed, Interlocked.Read(ref counters.Iterations), Interlocked.Read(ref counters.FailedIterations)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record ClientNumbers(LatencyHistogram[] Latency, long[] Failures)
    {
        public long Exchanges { get; set; }
    }

    /// <summary>One client's loop: it stops starting iterations at the deadline (or the iteration budget) and finishes the one under way.</summary>
    private async Task<ClientNumbers> RunClientAsync(
        Scenario scenario, LoadPlan plan, int index, Func<string, string?> lookup, Counters counters, CancellationToken stop, CancellationToken cancellationToken)
    {
        // Each client starts on a thread-pool thread, so one client's synchronous work never holds up the others.
        await Task.Yield();
        var steps = scenario.Steps;
        var numbers = new ClientNumbers([.. steps.Select(_ => new LatencyHistogram())], new long[steps.Count]);
        var executor = NewExecutor(index, plan.Clients, lookup);
        try
        {
            while (!stop.IsCancellationRequested && (plan.Iterations is not { } budget || Interlocked.Increment(ref counters.Started) <= budget))
            {
                var failed = false;
                for (var i = 0; i < steps.Count && !failed; i++)
                {
                    var began = Stopwatch.GetTimestamp();
                    try
                    {
                        // The steps get the caller's token, not the deadline's: an iteration under way at the deadline finishes.
                        await executor.RunAsync(steps[i], cancellationToken).ConfigureAwait(false);
                        numbers.Latency[i].Record(Stopwatch.GetTimestamp() - began);
                    }
                    catch (StepFailedException ex)
                    {
                        numbers.Failures[i]++;
                        counters.Count($"step {i + 1} ({steps[i].Describe()}): {ex.Failure.Message}");
                        failed = true;
                    }
                }

                if (failed)
                {
                    Interlocked.Increment(ref counters.FailedIterations);
                    numbers.Exchanges += executor.ExpectsPassed;
                    await executor.DisposeAsync().ConfigureAwait(false);
                    executor = NewExecutor(index, plan.Clients, lookup);
                }

                Interlocked.Increment(ref counters.Iterations);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            numbers.Exchanges += executor.ExpectsPassed;
            await executor.DisposeAsync().ConfigureAwait(false);
        }

        return numbers;
    }

    private StepExecutor NewExecutor(int index, int count, Func<string, string?> lookup) =>
        new(catalog, settings, lookup, _time, _time.GetTimestamp(), index, count);

    /// <summary>One run's shared counts: iterations (read live by the progress line) and failures by message.</summary>
    private sealed class Counters
    {
        private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);

        // Fields, not properties: the clients update them with Interlocked.
#pragma warning disable CA1051
        public long Started;
        public long Iterations;
        public long FailedIterations;
#pragma warning restore CA1051

        public void Count(string message)
        {
            lock (_failures)
            {
                if (_failures.TryGetValue(message, out var count))
                {
                    _failures[message] = count + 1;
                }
                else if (_failures.Count < FailureKinds)
                {
                    _failures[message] = 1;
                }
                else
                {
                    const string Other = "other failures";
                    _failures[Other] = _failures.GetValueOrDefault(Other) + 1;
                }
            }
        }

        public List<LoadFailure> FailuresByCount()
        {
            lock (_failures)
            {
                return [.. _failures.OrderByDescending(f => f.Value).Select(f => new LoadFailure(f.Key, f.Value))];
            }
        }
    }
}
