using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;

namespace Harness.Engine.Running;

/// <summary>
/// Runs one scenario: starts its peers, runs its steps (as one client, or as <c>clients: N</c>
/// concurrent ones), and stops everything it started, whatever happened. Every wait is bounded by a
/// step, connect or scenario timeout.
/// </summary>
public sealed class ScenarioRunner(PluginCatalog catalog, RunSettings settings)
{
    private readonly TimeProvider _time = TimeProvider.System;

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var started = _time.GetTimestamp();
        using var scenarioTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = scenario.Timeout ?? settings.ScenarioTimeout;
        scenarioTimeout.CancelAfter(limit);
        var variables = settings.Variables;
        PeerSet? peers = null;

        // Peer values are read live: a `start: manual` peer adds its own when its start step runs.
        string? Lookup(string name) =>
            variables.TryGetValue(name, out var value) ? value
            : scenario.Variables.TryGetValue(name, out var fallback) ? fallback
            : peers is not null && peers.Variables.TryGetValue(name, out var peerValue) ? peerValue
            : name.StartsWith("env.", StringComparison.Ordinal) ? Environment.GetEnvironmentVariable(name[4..])
            : null;

        try
        {
            try
            {
                peers = await PeerSet.StartAsync(scenario, catalog, settings, Lookup, scenarioTimeout.Token).ConfigureAwait(false);
            }
            catch (PeerStartException ex)
            {
                var peerName = ex.Data[PeerSet.PeerNameKey] as string ?? "output";
                return new ScenarioResult(scenario, Outcome.Errored, _time.GetElapsedTime(started), [],
                    new Failure(ex.Message) { PeerOutputs = ex.Output.Length > 0 ? [new PeerOutput(peerName, ex.Output)] : [] });
            }
            catch (OperationCanceledException) when (scenarioTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new ScenarioResult(scenario, Outcome.Errored, _time.GetElapsedTime(started), [],
                    new Failure($"the scenario's timeout of {Durations.Format(limit)} ran out while its peers were starting"));
            }

            var count = scenario.Clients;
            var clients = await Task.WhenAll(Enumerable.Range(1, count).Select(index =>
                RunClientAsync(scenario, peers, index, count, Lookup, limit, scenarioTimeout, cancellationToken))).ConfigureAwait(false);

            var failed = clients.Where(c => c.Outcome != Outcome.Passed).ToList();
            var shown = failed.FirstOrDefault() ?? clients[0];
            var failure = shown.Failure;
            if (failure is not null && count > 1)
            {
                var which = failed.Count == count ? $"all {count} clients failed" : $"{failed.Count} of {count} clients failed (client{(failed.Count > 1 ? "s" : string.Empty)} {string.Join(", ", failed.Take(20).Select(c => c.Index))}{(failed.Count > 20 ? ", …" : string.Empty)})";
                failure = failure with { Message = $"{which}; client {shown.Index}: {failure.Message}" };
            }

            // A recorded run shows every scenario's peer output beside its conversation, not only a failed one's.
            IReadOnlyList<PeerOutput> outputs = [];
            if (failure is not null || settings.Recording is not null)
            {
                using var readTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                outputs = await peers.ReadOutputsAsync(readTimeout.Token).ConfigureAwait(false);
                failure = failure is null ? null : failure with { PeerOutputs = outputs };
            }

            var outcome = clients.Any(c => c.Outcome == Outcome.Errored) ? Outcome.Errored
                : failed.Count > 0 ? Outcome.Failed
                : Outcome.Passed;
            return new ScenarioResult(scenario, outcome, _time.GetElapsedTime(started), shown.Steps, failure)
            {
                Clients = count > 1 ? clients : [],
                Conversation = shown.Conversation,
                PeerOutputs = settings.Recording is null ? [] : outputs,
                PeerEndpoints = settings.Recording is null ? new Dictionary<string, string>() : PeerEndpoints(peers.Variables),
            };
        }
        finally
        {
            if (peers is not null)
            {
                await peers.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the steps as one client, with its own connections and variables, stopping at its first failure.</summary>
    private async Task<ClientResult> RunClientAsync(
        Scenario scenario, PeerSet peers, int index, int count, Func<string, string?> lookup, TimeSpan limit, CancellationTokenSource scenarioTimeout, CancellationToken cancellationToken)
    {
        // Concurrent clients start from a thread-pool thread each, so one client's synchronous work never holds up the others.
        if (count > 1)
        {
            await Task.Yield();
        }

        var steps = new List<StepResult>(scenario.Steps.Count);
        var executor = new StepExecutor(catalog, settings, lookup, _time, _time.GetTimestamp(), index, count) { Peers = peers };
        await using (executor.ConfigureAwait(false))
        {
            foreach (var step in scenario.Steps)
            {
                var stepStarted = _time.GetTimestamp();
                try
                {
                    await executor.RunAsync(step, scenarioTimeout.Token).ConfigureAwait(false);
                    steps.Add(new StepResult(step, Outcome.Passed, _time.GetElapsedTime(stepStarted)));
                }
                catch (StepFailedException ex)
                {
                    var outcome = ex.CouldNotRun ? Outcome.Errored : Outcome.Failed;
                    steps.Add(new StepResult(step, outcome, _time.GetElapsedTime(stepStarted)));
                    return new ClientResult(index, outcome, steps, ex.Failure with { Step = ex.Failure.Step ?? step, Transcript = executor.Transcript.Entries })
                    {
                        Conversation = executor.BuildConversation(),
                    };
                }
                catch (KeyNotFoundException ex)
                {
                    // A value that exists only later, such as the port of a `start: manual` peer before its start step.
                    steps.Add(new StepResult(step, Outcome.Errored, _time.GetElapsedTime(stepStarted)));
                    return new ClientResult(index, Outcome.Errored, steps, new Failure($"{ex.Message} when this step ran", step)
                    {
                        Transcript = executor.Transcript.Entries,
                    })
                    {
                        Conversation = executor.BuildConversation(),
                    };
                }
                catch (OperationCanceledException) when (scenarioTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    steps.Add(new StepResult(step, Outcome.Failed, _time.GetElapsedTime(stepStarted)));
                    return new ClientResult(index, Outcome.Failed, steps, ScenarioTimedOut(executor, step, limit, _time.GetElapsedTime(stepStarted)))
                    {
                        Conversation = executor.BuildConversation(),
                    };
                }
            }

            return new ClientResult(index, Outcome.Passed, steps, null) { Conversation = executor.BuildConversation() };
        }
    }

    /// <summary>Each started peer's <c>host:port</c> (<c>peers.NAME.endpoint</c>), by peer name, so a report can name the side a connection reached.</summary>
    private static Dictionary<string, string> PeerEndpoints(IReadOnlyDictionary<string, string> variables)
    {
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in variables)
        {
            if (key.StartsWith("peers.", StringComparison.Ordinal) && key.EndsWith(".endpoint", StringComparison.Ordinal) && key.Length > "peers..endpoint".Length)
            {
                endpoints[key["peers.".Length..^".endpoint".Length]] = value;
            }
        }

        return endpoints;
    }

    /// <summary>The scenario's own limit ran out in <paramref name="step"/>: which step inside it waited, and for what had arrived.</summary>
    private static Failure ScenarioTimedOut(StepExecutor executor, Step step, TimeSpan limit, TimeSpan waited)
    {
        var inner = executor.Running;
        var during = inner is not null && !ReferenceEquals(inner, step) ? $", in {inner.Describe()} ({inner.Location})" : string.Empty;
        var unconsumed = executor.Unconsumed(inner);
        return new Failure($"the scenario's timeout of {Durations.Format(limit)} ran out{during}", step, Received: unconsumed?.Kept, Waited: waited)
        {
            ReceivedLength = unconsumed?.Count,
            Transcript = executor.Transcript.Entries,
        };
    }
}
