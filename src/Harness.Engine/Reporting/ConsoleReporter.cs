using System.Globalization;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Running;

namespace Harness.Engine.Reporting;

/// <summary>How the console reporter writes: plain lines (redirected output, <c>NO_COLOR</c>) or live with colours.</summary>
/// <param name="Live">Keep a status line ("[3/10] running: …") rewritten in place at the bottom.</param>
/// <param name="Color">Colour the verdicts with ANSI escapes.</param>
/// <param name="Width">The terminal's width, so the status line never wraps.</param>
public sealed record ConsoleStyle(bool Live, bool Color, int Width = 100)
{
    public static ConsoleStyle Plain { get; } = new(false, false);
}

/// <summary>
/// A line per scenario as it finishes, the failure story under each failure, and a summary. Live, a status line
/// with a spinner stays at the bottom, redrawn on every event and by a timer, so a long scenario still shows life.
/// </summary>
public sealed class ConsoleReporter(TextWriter output, ConsoleStyle? style = null) : IReporter, IDisposable
{
    private const string ClearLine = "\r\u001b[2K";
    private const string Spinner = "|/-\\";
    private readonly ConsoleStyle _style = style ?? ConsoleStyle.Plain;
    private readonly List<Scenario> _running = [];
    private readonly Lock _gate = new();
    private Timer? _timer;
    private int _finished;
    private int _total;
    private int _frame;

    public void RunStarted(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            Start(plan);
        }
    }

    public void ScenarioStarted(Scenario scenario)
    {
        lock (_gate)
        {
            _running.Add(scenario);
            DrawStatus();
        }
    }

    public void ScenarioFinished(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            Finish(result);
        }
    }

    public void RunFinished(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        lock (_gate)
        {
            StopTimer();
            Summarize(summary);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            StopTimer();
        }
    }

    private void Start(RunPlan plan)
    {
        _total = plan.Scenarios.Count;
        if (_style.Live)
        {
            _timer = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }

        if (plan.Matched != plan.Loaded)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filter: {plan.Matched} of {plan.Loaded} scenarios match"));
        }

        if (plan.ShardLine is { } shard)
        {
            output.WriteLine(shard);
        }

        output.Flush();
    }

    private void Finish(ScenarioResult result)
    {
        _running.Remove(result.Scenario);
        _finished++;
        EraseStatus();
        var (label, color) = result.Outcome switch
        {
            Outcome.Passed => ("PASS ", "32"),
            Outcome.Failed => ("FAIL ", "31"),
            Outcome.Skipped => ("SKIP ", "33"),
            _ => ("ERROR", "35"),
        };
        var line = $"{Paint(label, color)} {result.Scenario.Name} ({result.Scenario.FilePath})";
        output.WriteLine(result.Outcome == Outcome.Skipped
            ? $"{line}: {result.SkipReason}"
            : $"{line} {Durations.Format(result.Duration)}");
        if (result.Failure is { } failure)
        {
            foreach (var story in FailureStory.Lines(result, failure))
            {
                output.WriteLine("      " + story);
            }
        }

        DrawStatus();
        output.Flush();
    }

    private void Summarize(RunSummary summary)
    {
        EraseStatus();
        output.WriteLine();
        var failed = Paint($"{summary.Failed} failed", summary.Failed > 0 ? "31" : null);
        var errored = Paint($"{summary.Errored} errored", summary.Errored > 0 ? "35" : null);
        var skipped = Paint($"{summary.Skipped} skipped", summary.Skipped > 0 ? "33" : null);
        var passed = Paint($"{summary.Passed} passed", summary.Passed > 0 && summary.Failed + summary.Errored == 0 ? "32" : null);
        var interrupted = summary.Interrupted ? " - interrupted" : string.Empty;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{passed}, {failed}, {errored}, {skipped}, {summary.Total} total ({Durations.Format(summary.Duration)}){interrupted}"));
        output.Flush();
    }

    private string Paint(string text, string? color) => _style.Color && color is not null ? $"\u001b[{color}m{text}\u001b[0m" : text;

    private void DrawStatus()
    {
        if (!_style.Live || _running.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", _running.Take(3).Select(s => s.Name)) + (_running.Count > 3 ? $" (+{_running.Count - 3})" : string.Empty);
        var status = string.Create(CultureInfo.InvariantCulture, $"{Spinner[_frame % Spinner.Length]} [{_finished}/{_total}] running: {names}");
        if (status.Length > _style.Width - 1)
        {
            status = status[..Math.Max(0, _style.Width - 2)] + "…";
        }

        output.Write(ClearLine + status);
        output.Flush();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            _frame++;
            DrawStatus();
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void EraseStatus()
    {
        if (_style.Live)
        {
            output.Write(ClearLine);
        }
    }
}
