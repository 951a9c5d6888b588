using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Peers;
using Harness.Engine.Peers.Processes;

namespace Harness.Engine.Running;

/// <summary>The steps about peers: starting a deferred one, and expecting a line of a process peer's output.</summary>
internal sealed partial class StepExecutor
{
    /// <summary>The scenario's peers, set by the runner once they have started.</summary>
    public PeerSet? Peers { get; set; }

    private async Task StartPeerAsync(StartStep step, CancellationToken cancellationToken)
    {
        var peers = Peers ?? throw new StepFailedException(new Failure("the scenario's peers are not running", step)) { CouldNotRun = true };
        try
        {
            await peers.StartDeferredAsync(step.Peer, Lookup, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerStartException ex)
        {
            var outputs = ex.Output.Length > 0 ? new[] { new PeerOutput(step.Peer, ex.Output) } : [];
            throw new StepFailedException(new Failure(ex.Message, step) { PeerOutputs = outputs }) { CouldNotRun = true };
        }
    }

    private async Task ExpectOutputAsync(ExpectStep step, CancellationToken cancellationToken)
    {
        var expectation = (OutputExpectation)step.Expectation;
        if (Peers?.Find(expectation.Peer) is not ProcessPeer peer)
        {
            throw new StepFailedException(new Failure($"peer '{expectation.Peer}' is not running (a `start: manual` peer needs its `start` step first)", step));
        }

        var text = expectation.Text.Render(Lookup);
        var timeout = step.Timeout ?? _settings.StepTimeout;
        var started = _time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        (long Number, string Line)? found;
        try
        {
            found = await peer.Output.WaitForLineAsync(text, peer.Output.Cursor, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StepFailedException(new Failure(
                $"no new line of peer '{expectation.Peer}' output contained \"{text}\" within {Durations.Format(timeout)}", step, Waited: _time.GetElapsedTime(started)));
        }

        if (found is not { } line)
        {
            throw new StepFailedException(new Failure(
                $"peer '{expectation.Peer}' ended without printing a line containing \"{text}\"", step, Waited: _time.GetElapsedTime(started)));
        }

        peer.Output.Cursor = line.Number + 1;
    }
}
