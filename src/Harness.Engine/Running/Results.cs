using Harness.Engine.Model;

namespace Harness.Engine.Running;

public enum Outcome
{
    Passed,

    /// <summary>The conversation did not go as the scenario says (exit 1).</summary>
    Failed,

    /// <summary>The scenario could not run: a transport is missing, a peer did not start (exit 3).</summary>
    Errored,
}

/// <summary>How one step went.</summary>
public sealed record StepResult(Step Step, Outcome Outcome, TimeSpan Duration);

/// <summary>Why a scenario did not pass, with what a person needs to act on it.</summary>
public sealed record Failure(
    string Message,
    Step? Step = null,
    string? Expected = null,
    ReadOnlyMemory<byte>? Received = null,
    TimeSpan? Waited = null)
{
    public IReadOnlyList<PeerOutput> PeerOutputs { get; init; } = [];

    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];
}

public sealed record PeerOutput(string Peer, string Text);

public sealed record ScenarioResult(
    Scenario Scenario,
    Outcome Outcome,
    TimeSpan Duration,
    IReadOnlyList<StepResult> Steps,
    Failure? Failure)
{
    /// <summary>
    /// With <c>clients: N</c> (N &gt; 1), how each client went, in client order; empty for a single client.
    /// <see cref="Steps"/> and <see cref="Failure"/> are then those of the first client that failed (or of client 1).
    /// </summary>
    public IReadOnlyList<ClientResult> Clients { get; init; } = [];
}

/// <summary>How one of a scenario's concurrent clients went; <see cref="Index"/> is 1-based, as in <c>${client.index}</c>.</summary>
public sealed record ClientResult(int Index, Outcome Outcome, IReadOnlyList<StepResult> Steps, Failure? Failure);
