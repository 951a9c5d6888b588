using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>
/// <c>expect</c> on a stream: receive until the matcher decides, within the step's time and the received-data
/// limit, and say why when it does not (the timeout, the peer's close or reset, the limit).
/// </summary>
internal sealed partial class StepExecutor
{
    /// <summary>
    /// How many received bytes a failure keeps for the reports, at most (more when the exact bytes expected are
    /// longer, so that their diff stays true): a flood of 64 MiB is told by its size and first bytes, not copied
    /// into every report.
    /// </summary>
    internal const int ReportedReceiveBytes = 64 * 1024;

    /// <summary>
    /// Reads until the matcher can decide: enough bytes, a match, the peer's close, the received-data limit, or the
    /// timeout. Never one receive call: TCP delivers bytes in whatever pieces the network made.
    /// </summary>
    /// <returns>The matched message, for captures.</returns>
    private async Task<ReadOnlyMemory<byte>> ExpectOnStreamAsync(
        ExpectStep step, ConnectionState state, IStreamConnection stream, IMatcher matcher, (TimeSpan Limit, bool ByWithin) bound, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var buffer = state.Buffer;
        if (matcher.MinimumBytes > buffer.Limit)
        {
            throw new StepFailedException(new Failure(
                $"the expectation needs at least {matcher.MinimumBytes} bytes, more than {RunSettings.DescribeReceiveLimit(buffer.Limit)}", step, matcher.Expected));
        }

        var schedule = new JudgeSchedule(matcher.Rescans);
        var paused = false;
        CancellationTokenSource? deadline = null;
        try
        {
            while (true)
            {
                if (schedule.Due(buffer.Count, mustDecide: state.PeerClosed || buffer.IsFull || paused) && Decide(step, state, matcher, started) is { } content)
                {
                    return content;
                }

                paused = false;
                if (deadline is null)
                {
                    deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(bound.Limit);
                }

                // With bytes the matcher has not judged yet, the receive also ends when the peer pauses, to judge them then.
                using var pause = schedule.Pending ? CancellationTokenSource.CreateLinkedTokenSource(deadline.Token) : null;
                pause?.CancelAfter(JudgeSchedule.Pause);
                int received;
                try
                {
                    received = await stream.ReceiveAsync(buffer.FreeSpace(), (pause ?? deadline).Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (pause is { IsCancellationRequested: true } && !deadline.IsCancellationRequested)
                {
                    paused = true;
                    continue;
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Bytes that arrived in time but were not judged yet still count.
                    if (schedule.Pending && Decide(step, state, matcher, started) is { } late)
                    {
                        return late;
                    }

                    throw Mismatch(step, matcher, state, TimedOut(step, state, matcher, bound), started);
                }
                catch (TransportException ex)
                {
                    // A reset can follow the reply at once: a reply among the bytes not judged yet still counts.
                    if (schedule.Pending && Decide(step, state, matcher, started) is { } before)
                    {
                        return before;
                    }

                    throw Mismatch(step, matcher, state, ex.Message, started);
                }

                if (received == 0)
                {
                    PeerClosed(state);
                }
                else
                {
                    RecordReceived(state, received);
                }
            }
        }
        finally
        {
            deadline?.Dispose();
        }
    }

    /// <summary>The matched message (empty without captures), or null when the matcher needs more; throws when it cannot pass.</summary>
    private ReadOnlyMemory<byte>? Decide(ExpectStep step, ConnectionState state, IMatcher matcher, long started)
    {
        var buffer = state.Buffer;
        var result = matcher.Match(buffer.Data, state.PeerClosed);
        switch (result.Status)
        {
            case MatchStatus.Matched:
                var content = step.Captures.Count == 0 ? ReadOnlyMemory<byte>.Empty
                    : buffer.Data.Slice(result.ContentStart, result.ContentLength ?? result.Consumed).ToArray();
                buffer.Consume(result.Consumed);
                return content;
            case MatchStatus.Mismatch:
                throw Mismatch(step, matcher, state, DecidedByClose(state, matcher, result) ? $"{Closed(buffer.Count)}: {result.Reason}" : result.Reason!, started);
        }

        if (state.PeerClosed)
        {
            throw Mismatch(step, matcher, state, Closed(buffer.Count), started);
        }

        if (buffer.IsFull)
        {
            throw Mismatch(step, matcher, state, $"{buffer.Count} bytes arrived without a decision: that is {RunSettings.DescribeReceiveLimit(buffer.Limit)}", started);
        }

        return null;
    }

    /// <summary>
    /// Whether the mismatch is the peer's close and not the bytes (an unfinished reply, not a wrong one), so the
    /// message says so, with how much had arrived.
    /// </summary>
    private static bool DecidedByClose(ConnectionState state, IMatcher matcher, MatchResult result) =>
        state.PeerClosed && !result.ExplainsClose && matcher.Match(state.Buffer.Data, complete: false).Status == MatchStatus.NeedMore;

    private static string Closed(int count) => count == 0
        ? "the peer closed the connection without sending anything"
        : $"the peer closed the connection after {count} bytes";

    private static string TimedOut(ExpectStep step, ConnectionState state, IMatcher matcher, (TimeSpan Limit, bool ByWithin) bound)
    {
        if (bound.ByWithin)
        {
            return $"no reply within {Durations.Format(step.Within!.Value)} of the last send (the latency bound)";
        }

        if (state.Buffer.Count == 0)
        {
            return $"nothing arrived within {Durations.Format(bound.Limit)}";
        }

        var waiting = matcher is FramedMatcher { Waiting: { } framing } ? $" ({framing})" : string.Empty;
        return $"timed out after {Durations.Format(bound.Limit)}: the {state.Buffer.Count} bytes that arrived do not complete the expectation{waiting}";
    }

    private StepFailedException Mismatch(Step step, IMatcher matcher, ConnectionState state, string reason, long started)
    {
        var data = state.Buffer.Data;
        return new(new Failure(reason, step, matcher.Expected, Kept(data, matcher), _time.GetElapsedTime(started))
        {
            ExpectedBytes = ExpectedBytes(matcher),
            ReceivedLength = data.Length,
        });
    }

    /// <summary>The first bytes of <paramref name="data"/> that a failure keeps (see <see cref="ReportedReceiveBytes"/>).</summary>
    private static byte[] Kept(ReadOnlySpan<byte> data, IMatcher? matcher = null)
    {
        var keep = Math.Min(data.Length, Math.Max(ReportedReceiveBytes, matcher is ExactMatcher exact ? exact.Bytes.Length + 1 : 0));

        // Cut at a character's first byte, so that text stays text in the reports.
        for (var back = 0; back < 3 && keep > 0 && keep < data.Length && (data[keep] & 0xC0) == 0x80; back++)
        {
            keep--;
        }

        return data[..keep].ToArray();
    }

    /// <summary>
    /// The bytes waiting on the connection <paramref name="step"/> reads, when it is an <c>expect</c> that the
    /// scenario's timeout cut short: what had arrived, for the failure.
    /// </summary>
    internal (byte[] Kept, int Count)? Unconsumed(Step? step) =>
        step is ExpectStep expect && _connections.TryGetValue(expect.Connection, out var state) && state.Connection is IStreamConnection
            ? (Kept(state.Buffer.Data), state.Buffer.Count)
            : null;
}
