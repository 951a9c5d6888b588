using System.Globalization;
using Harness.Engine.Loading;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>
/// What went wrong, in lines a person can act on: where (step and file:line), what was expected, what
/// arrived and where they differ, how long the step waited, the peers' output, and the last bytes each way.
/// </summary>
public static class FailureStory
{
    public static IEnumerable<string> Lines(ScenarioResult result, Failure failure, bool includeTranscript = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Step is { } step)
        {
            var index = IndexOf(result, step) + 1;
            yield return $"step {index}: {step.Describe()} ({step.Location})";
        }

        yield return failure.Message;
        if (failure.Expected is { } expected)
        {
            yield return $"expected: {expected}";
        }

        if (failure.Received is { } received)
        {
            var lines = BytePreview.Describe(received, failure.ReceivedLength).ToList();
            var after = failure.Waited is { } waited ? $" after {Durations.Format(waited)}" : string.Empty;
            yield return $"received{after}: {lines[0]}";
            foreach (var line in lines.Skip(1))
            {
                yield return "  " + line;
            }

            if (failure.ExpectedBytes is { } wanted && received.Length > 0)
            {
                foreach (var line in TextDiff.Lines(wanted, received))
                {
                    yield return line;
                }
            }
        }
        else if (failure.Waited is { } waited)
        {
            yield return $"waited {Durations.Format(waited)}";
        }

        foreach (var peer in failure.PeerOutputs)
        {
            yield return $"peer '{peer.Peer}' output:";
            foreach (var line in peer.Text.Split('\n').TakeLast(20))
            {
                yield return "  | " + line.TrimEnd('\r');
            }
        }

        if (includeTranscript && failure.Transcript.Count > 0)
        {
            yield return "transcript (last bytes each way):";
            foreach (var line in TranscriptLines(failure.Transcript))
            {
                yield return "  " + line;
            }
        }
    }

    /// <summary>One line per entry: time since the scenario started, direction, connection, and the bytes.</summary>
    public static IEnumerable<string> TranscriptLines(IReadOnlyList<TranscriptEntry> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        foreach (var entry in transcript)
        {
            var arrow = entry.Direction == Direction.Sent ? "-->" : "<--";
            var on = entry.Connection.Length > 0 ? $" [{entry.Connection}]" : string.Empty;
            var at = entry.At.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(8);
            var bytes = BytePreview.Describe(entry.Bytes).ToList();
            yield return $"{at} ms {arrow}{on} {bytes[0]}";
            foreach (var line in bytes.Skip(1))
            {
                yield return new string(' ', 16) + line;
            }
        }
    }

    private static int IndexOf(ScenarioResult result, Model.Step step)
    {
        for (var i = 0; i < result.Scenario.Steps.Count; i++)
        {
            if (ReferenceEquals(result.Scenario.Steps[i], step) || Contains(result.Scenario.Steps[i], step))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="step"/> is nested inside <paramref name="outer"/> (a step of a repeat): its number is the outer step's.</summary>
    private static bool Contains(Model.Step outer, Model.Step step) =>
        outer is Model.RepeatStep repeat && repeat.Steps.Any(inner => ReferenceEquals(inner, step) || Contains(inner, step));
}
