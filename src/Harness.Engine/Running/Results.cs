using Harness.Engine.Model;

namespace Harness.Engine.Running;

public enum Outcome
{
    Passed,

    /// <summary>The conversation did not go as the scenario says (exit 1).</summary>
    Failed,

    /// <summary>The scenario could not run: a transport is missing, a peer did not start (exit 3).</summary>
    Errored,

    /// <summary>The scenario was not started: <c>--fail-fast</c> after a failure, or the run was interrupted.</summary>
    Skipped,
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

    /// <summary>The exact bytes expected, when the expectation is exact, so that reports can show where they differ.</summary>
    public ReadOnlyMemory<byte>? ExpectedBytes { get; init; }

    /// <summary>
    /// How many bytes had arrived, when <see cref="Received"/> is set: more than its length when the failure keeps only
    /// the first of them (a flood is told by its size and its first 64 KiB). Null means all of them are kept.
    /// </summary>
    public long? ReceivedLength { get; init; }
}

public sealed record PeerOutput(string Peer, string Text);

public sealed record ScenarioResult(
    Scenario Scenario,
    Outcome Outcome,
    TimeSpan Duration,
    IReadOnlyList<StepResult> Steps,
    Failure? Failure)
{
    /// <summary>Why a <see cref="Outcome.Skipped"/> scenario did not run.</summary>
    public string? SkipReason { get; init; }

    /// <summary>A scenario that was not started, for <c>--fail-fast</c> and interrupted runs.</summary>
    public static ScenarioResult Skip(Scenario scenario, string reason) =>
        new(scenario, Outcome.Skipped, TimeSpan.Zero, [], null) { SkipReason = reason };

    /// <summary>
    /// With <c>clients: N</c> (N &gt; 1), how each client went, in client order; empty for a single client.
    /// <see cref="Steps"/> and <see cref="Failure"/> are then those of the first client that failed (or of client 1).
    /// </summary>
    public IReadOnlyList<ClientResult> Clients { get; init; } = [];

    /// <summary>The conversation of the client <see cref="Steps"/> belong to, when the run records it (<see cref="RunSettings.Recording"/>).</summary>
    public Conversation? Conversation { get; init; }

    /// <summary>What every peer printed, when the run records conversations (a failure carries its own in <see cref="Failure.PeerOutputs"/>).</summary>
    public IReadOnlyList<PeerOutput> PeerOutputs { get; init; } = [];

    /// <summary>Each started peer's <c>host:port</c> by name, when the run records conversations: which side a connection reached.</summary>
    public IReadOnlyDictionary<string, string> PeerEndpoints { get; init; } = new Dictionary<string, string>();
}

/// <summary>How one of a scenario's concurrent clients went; <see cref="Index"/> is 1-based, as in <c>${client.index}</c>.</summary>
public sealed record ClientResult(int Index, Outcome Outcome, IReadOnlyList<StepResult> Steps, Failure? Failure)
{
    /// <summary>This client's conversation, when the run records it (<see cref="RunSettings.Recording"/>).</summary>
    public Conversation? Conversation { get; init; }
}
