using Harness.Engine.Loading;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>What went wrong, in lines a person can act on: where, what was expected, what arrived, after how long.</summary>
public static class FailureStory
{
    public static IEnumerable<string> Lines(ScenarioResult result, Failure failure)
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
            var lines = BytePreview.Describe(received).ToList();
            var after = failure.Waited is { } waited ? $" after {Durations.Format(waited)}" : string.Empty;
            yield return $"received{after}: {lines[0]}";
            foreach (var line in lines.Skip(1))
            {
                yield return "  " + line;
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
