using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Hostile;

/// <summary>
/// Runs one hostile behaviour's scenarios (one per expectation, documents of one file) in one CLI invocation,
/// and checks each scenario's result in the JSON report against what that behaviour must produce.
/// </summary>
internal static class HostileRuns
{
    /// <summary>How far past its timeout a scenario may end: process start and a noisy two-core machine. A hang check.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    /// <summary>The totals the test class reports in its summary line.</summary>
    public static Tally Totals { get; } = new();

    /// <summary>
    /// Writes a scenario per expectation, runs them all in one `harness run --json`, and checks that each scenario
    /// passed where <paramref name="verdicts"/> holds null and otherwise failed with a message matching the pattern
    /// held, within <paramref name="timeout"/> plus <see cref="Margin"/>; that the run exits 1 and prints no stack trace.
    /// </summary>
    /// <param name="transport">tcp or udp.</param>
    /// <param name="behaviour">The behaviour's name, in the scenarios' names.</param>
    /// <param name="port">Where the hostile server listens on 127.0.0.1.</param>
    /// <param name="timeout">Every connect's and expect's timeout.</param>
    /// <param name="verdicts">Per expectation name: null for a pass, else a pattern the failure's message must match.</param>
    /// <param name="parallel">`--parallel`, or null for the default (the number of cores).</param>
    public static async Task<(MeasuredRun Run, IReadOnlyDictionary<string, ReportedScenario> Report)> RunAsync(
        string transport, string behaviour, int port, TimeSpan timeout, IReadOnlyDictionary<string, string?> verdicts, int? parallel)
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        var documents = HostileExpectation.All.Select(e => e.Scenario(behaviour, transport, port, timeout));
        folder.Write("hostile.yaml", string.Join("\n---\n", documents) + "\n");
        string[] options = parallel is { } n ? ["--parallel", n.ToString(CultureInfo.InvariantCulture)] : [];
        var run = await MeasuredRun.RunAsync(folder.Path, TimeSpan.FromSeconds(90), ["run", "hostile.yaml", "--json", "report.json", .. options]);
        var report = ReportedScenario.Read(Path.Combine(folder.Path, "report.json"));
        Check(run, report, verdicts.ToDictionary(v => $"{transport} {behaviour} {v.Key}", v => v.Value, StringComparer.Ordinal), timeout);
        if (parallel >= verdicts.Count)
        {
            // All at once: the whole run, process start included, ends within one timeout and the margin.
            run.Wall.ShouldBeLessThan(timeout + Margin, run.Result.ToString());
        }

        return (run, report);
    }

    /// <summary>Each scenario as <paramref name="verdicts"/> says (null: passed; a pattern: failed with a matching message), in time.</summary>
    public static void Check(MeasuredRun run, IReadOnlyDictionary<string, ReportedScenario> report, IReadOnlyDictionary<string, string?> verdicts, TimeSpan limit)
    {
        run.Result.ExitCode.ShouldBe(1, run.Result.ToString());
        run.Result.All.ShouldNotContain("Unhandled exception", Case.Sensitive, run.Result.ToString());
        Regex.IsMatch(run.Result.All, @"^\s+at \S+\(", RegexOptions.Multiline).ShouldBeFalse(run.Result.ToString());
        report.Keys.ShouldBe(verdicts.Keys, ignoreOrder: true);
        foreach (var (name, verdict) in verdicts)
        {
            var scenario = report[name];
            if (verdict is null)
            {
                scenario.Outcome.ShouldBe("passed", scenario.Text);
            }
            else
            {
                scenario.Outcome.ShouldBe("failed", scenario.Text);
                scenario.Message.ShouldNotBeNull();
                Regex.IsMatch(scenario.Message, verdict).ShouldBeTrue($"{scenario.Text}\n  expected a message matching /{verdict}/");
            }

            TimeSpan.FromMilliseconds(scenario.DurationMs).ShouldBeLessThan(limit + Margin, scenario.Text);
        }

        Totals.Add(run, report.Values, limit);
    }

    /// <summary>Counts over every run of the test class, for its summary line.</summary>
    internal sealed class Tally
    {
        private readonly Lock _gate = new();

        public int Runs { get; private set; }

        public int Scenarios { get; private set; }

        public int Passed { get; private set; }

        /// <summary>How far past its timeout the slowest scenario ended (negative: all ended before theirs).</summary>
        public TimeSpan SlowestOver { get; private set; } = TimeSpan.MinValue;

        /// <summary>How far past the longest timeout in it the slowest run ended, process start included.</summary>
        public TimeSpan SlowestRunOver { get; private set; } = TimeSpan.MinValue;

        public void Add(MeasuredRun run, IEnumerable<ReportedScenario> scenarios, TimeSpan limit)
        {
            lock (_gate)
            {
                Runs++;
                foreach (var scenario in scenarios)
                {
                    Scenarios++;
                    Passed += scenario.Outcome == "passed" ? 1 : 0;
                    var over = TimeSpan.FromMilliseconds(scenario.DurationMs) - limit;
                    SlowestOver = over > SlowestOver ? over : SlowestOver;
                }

                SlowestRunOver = run.Wall - limit > SlowestRunOver ? run.Wall - limit : SlowestRunOver;
            }
        }
    }
}
