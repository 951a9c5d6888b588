using System.Diagnostics;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;

namespace Harness.Engine.Running;

/// <summary>
/// Runs one scenario: starts its peers, runs its steps in order, and stops everything it started,
/// whatever happened. Every wait is bounded by a step, connect or scenario timeout.
/// </summary>
public sealed class ScenarioRunner(PluginCatalog catalog, RunSettings settings)
{
    private readonly TimeProvider _time = TimeProvider.System;

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var started = _time.GetTimestamp();
        var steps = new List<StepResult>(scenario.Steps.Count);
        using var scenarioTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = scenario.Timeout ?? settings.ScenarioTimeout;
        scenarioTimeout.CancelAfter(limit);
        var variables = new Dictionary<string, string>(settings.Variables, StringComparer.Ordinal);
        PeerSet? peers = null;
        string? Lookup(string name) =>
            variables.TryGetValue(name, out var value) ? value
            : peers is not null && peers.Variables.TryGetValue(name, out var peerValue) ? peerValue
            : name.StartsWith("env.", StringComparison.Ordinal) ? Environment.GetEnvironmentVariable(name[4..])
            : null;

        var context = new StepExecutor(catalog, settings, Lookup, _time, started);
        Failure? failure = null;
        var outcome = Outcome.Passed;
        try
        {
            try
            {
                peers = await PeerSet.StartAsync(scenario, catalog, settings, Lookup, scenarioTimeout.Token).ConfigureAwait(false);
            }
            catch (PeerStartException ex)
            {
                var peerName = ex.Data[PeerSet.PeerNameKey] as string ?? "output";
                return Finish(Outcome.Errored, new Failure(ex.Message) { PeerOutputs = ex.Output.Length > 0 ? [new PeerOutput(peerName, ex.Output)] : [] });
            }
            catch (OperationCanceledException) when (scenarioTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Finish(Outcome.Errored, new Failure($"the scenario's timeout of {Durations.Format(limit)} ran out while its peers were starting"));
            }

            context.Peers = peers;
            foreach (var (key, value) in peers.Variables)
            {
                variables[key] = value;
            }

            foreach (var step in scenario.Steps)
            {
                var stepStarted = _time.GetTimestamp();
                try
                {
                    await context.RunAsync(step, scenarioTimeout.Token).ConfigureAwait(false);
                    steps.Add(new StepResult(step, Outcome.Passed, _time.GetElapsedTime(stepStarted)));
                }
                catch (StepFailedException ex)
                {
                    outcome = ex.CouldNotRun ? Outcome.Errored : Outcome.Failed;
                    failure = ex.Failure with { Step = ex.Failure.Step ?? step, Transcript = context.Transcript.Entries };
                    steps.Add(new StepResult(step, outcome, _time.GetElapsedTime(stepStarted)));
                    break;
                }
                catch (KeyNotFoundException ex)
                {
                    // A value that exists only later, such as the port of a `start: manual` peer before its start step.
                    outcome = Outcome.Errored;
                    failure = new Failure($"{ex.Message} when this step ran", step) { Transcript = context.Transcript.Entries };
                    steps.Add(new StepResult(step, outcome, _time.GetElapsedTime(stepStarted)));
                    break;
                }
                catch (OperationCanceledException) when (scenarioTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    outcome = Outcome.Failed;
                    failure = new Failure($"the scenario's timeout of {Durations.Format(limit)} ran out", step, Waited: _time.GetElapsedTime(stepStarted))
                    {
                        Transcript = context.Transcript.Entries,
                    };
                    steps.Add(new StepResult(step, outcome, _time.GetElapsedTime(stepStarted)));
                    break;
                }
            }

            if (failure is not null && peers is not null)
            {
                using var readTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                failure = failure with { PeerOutputs = await peers.ReadOutputsAsync(readTimeout.Token).ConfigureAwait(false) };
            }

            return Finish(outcome, failure);
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
            if (peers is not null)
            {
                await peers.DisposeAsync().ConfigureAwait(false);
            }
        }

        ScenarioResult Finish(Outcome result, Failure? why) => new(scenario, result, _time.GetElapsedTime(started), steps, why);
    }
}
