using Harness.Engine.Model;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// Masks secret values in every result before any reporter sees it, so that the console, JUnit, JSON and any
/// reporter added later show <c>***</c> without each knowing about secrets: failure messages, expected and
/// received bytes (and so their text, diffs and hex dumps), peer output and transcripts.
/// </summary>
public sealed class MaskingReporter(IReporter inner, SecretMasker masker) : IReporter
{
    public void RunStarted(RunPlan plan) => inner.RunStarted(plan);

    public void ScenarioStarted(Scenario scenario) => inner.ScenarioStarted(scenario);

    public void ScenarioFinished(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        inner.ScenarioFinished(masker.IsEmpty ? result : Mask(result));
    }

    public void RunFinished(RunSummary summary) => inner.RunFinished(summary);

    private ScenarioResult Mask(ScenarioResult result) => result with
    {
        Failure = Mask(result.Failure),
        SkipReason = result.SkipReason is { } reason ? masker.Apply(reason) : null,
        Clients = [.. result.Clients.Select(c => c with { Failure = Mask(c.Failure), Conversation = Mask(c.Conversation) })],
        Conversation = Mask(result.Conversation),
        PeerOutputs = [.. result.PeerOutputs.Select(o => o with { Text = masker.Apply(o.Text) })],
    };

    /// <summary>As a transcript: each connection's bytes each way are masked as one stream.</summary>
    private Conversation? Mask(Conversation? conversation) => conversation is null ? null : conversation with
    {
        Events = MaskStreams(conversation.Events, e => (e.ConnectionId, e.Kind), e => e.Bytes, (e, bytes) => e with { Bytes = bytes }),
    };

    private Failure? Mask(Failure? failure) => failure is null ? null : failure with
    {
        Message = masker.Apply(failure.Message),
        Expected = failure.Expected is { } expected ? masker.Apply(expected) : null,
        // Typed nulls: a bare null would become an empty, present ReadOnlyMemory ("received: (nothing)").
        Received = failure.Received is { } received ? masker.Apply(received) : (ReadOnlyMemory<byte>?)null,
        ExpectedBytes = failure.ExpectedBytes is { } bytes ? masker.Apply(bytes) : (ReadOnlyMemory<byte>?)null,
        PeerOutputs = [.. failure.PeerOutputs.Select(o => o with { Text = masker.Apply(o.Text) })],
        Transcript = MaskTranscript(failure.Transcript),
    };

    /// <summary>Each connection's bytes each way are masked as one stream: a secret may arrive in two reads.</summary>
    private List<TranscriptEntry> MaskTranscript(IReadOnlyList<TranscriptEntry> entries) =>
        MaskStreams(entries, e => (e.Connection, e.Direction), e => e.Bytes, (e, bytes) => e with { Bytes = bytes });

    /// <summary>Masks the bytes of <paramref name="items"/> as one stream for each <paramref name="stream"/> key, in order.</summary>
    private List<T> MaskStreams<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> stream, Func<T, ReadOnlyMemory<byte>> bytesOf, Func<T, ReadOnlyMemory<byte>, T> withBytes)
    {
        var masked = items.ToArray();
        foreach (var group in Enumerable.Range(0, items.Count).GroupBy(i => stream(items[i])))
        {
            var indexes = group.ToList();
            var bytes = masker.Apply([.. indexes.Select(i => bytesOf(items[i]))]);
            for (var k = 0; k < indexes.Count; k++)
            {
                masked[indexes[k]] = withBytes(items[indexes[k]], bytes[k]);
            }
        }

        return [.. masked];
    }
}
