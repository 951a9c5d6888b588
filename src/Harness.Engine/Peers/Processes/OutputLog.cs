namespace Harness.Engine.Peers.Processes;

/// <summary>
/// The lines a process peer printed, stdout and stderr interleaved as they arrived, bounded so a chatty
/// program cannot exhaust memory: the oldest lines are dropped first (a failure report shows the last
/// ones anyway). Each line has a sequence number, so an <c>expect: { output }</c> step can wait for a line
/// after the ones earlier steps already matched.
/// </summary>
internal sealed class OutputLog(int maxLines = 2000)
{
    /// <summary>The longest line kept, in characters; a longer one is cut and marked (<see cref="Cut"/>).</summary>
    internal const int MaxLineChars = 8 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<(long Number, string Text)> _lines = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _next;
    private bool _ended;

    /// <summary>When the last line arrived (<see cref="Environment.TickCount64"/>).</summary>
    public long LastAppend { get; private set; } = Environment.TickCount64;

    /// <summary>The number of the first line an output expectation has not consumed yet.</summary>
    public long Cursor { get; set; }

    public void Append(string line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            LastAppend = Environment.TickCount64;
            _lines.Enqueue((_next++, line.Length > MaxLineChars ? Cut(line) : line));
            while (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>No more lines will come: the process exited and its output was read to the end.</summary>
    public void End()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _ended = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>The first <see cref="MaxLineChars"/> characters of a line that is longer, marked as cut.</summary>
    internal static string Cut(string line) => $"{line[..Math.Min(line.Length, MaxLineChars)]} [... cut: the line is longer than {MaxLineChars} characters]";

    public string Text()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.Select(l => l.Text));
        }
    }

    /// <summary>
    /// Waits for a line numbered <paramref name="from"/> or later that contains <paramref name="text"/>;
    /// null when the output ended without one. The caller bounds the wait with <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<(long Number, string Line)?> WaitForLineAsync(string text, long from, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                foreach (var (number, line) in _lines)
                {
                    if (number >= from && line.Contains(text, StringComparison.Ordinal))
                    {
                        return (number, line);
                    }
                }

                if (_ended)
                {
                    return null;
                }

                from = Math.Max(from, _next);
                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
