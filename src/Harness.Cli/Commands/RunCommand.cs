using System.Diagnostics;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;

namespace Harness.Cli.Commands;

/// <summary><c>harness run</c>: load every scenario first (any invalid file stops the run with exit 2), then run them.</summary>
internal static class RunCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h"];
    private static readonly HashSet<string> Valued = ["--config", "--var"];

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(HelpText.Run).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        var files = ScenarioFiles.Expand(arguments.Positionals);
        Session session;
        try
        {
            session = Session.Open(arguments.Value("--config"), arguments.Values("--var"), error);
        }
        catch (ScenarioException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var scenarios = LoadAll(files, session.LoadOptions, error);
        if (scenarios is null)
        {
            return ExitCodes.InvalidInput;
        }

        var reporter = new ConsoleReporter(output);
        var runner = new ScenarioRunner(session.Catalog, session.Settings.Run);
        var results = new List<ScenarioResult>(scenarios.Count);
        var clock = Stopwatch.StartNew();
        reporter.RunStarted(scenarios.Count);
        foreach (var scenario in scenarios)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                var result = await runner.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                reporter.ScenarioFinished(result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        reporter.RunFinished(RunSummary.From(results, clock.Elapsed, skipped: scenarios.Count - results.Count));
        return results.Any(r => r.Outcome == Outcome.Errored) ? ExitCodes.CouldNotRun
            : results.Any(r => r.Outcome == Outcome.Failed) ? ExitCodes.Failed
            : ExitCodes.Passed;
    }

    /// <summary>Loads every file, printing every error (not only the first); null when any file is invalid.</summary>
    internal static List<Scenario>? LoadAll(IReadOnlyList<string> files, LoadOptions options, TextWriter error)
    {
        var loader = new ScenarioLoader(options);
        var scenarios = new List<Scenario>();
        var valid = true;
        foreach (var file in files)
        {
            try
            {
                scenarios.AddRange(loader.LoadFile(file));
            }
            catch (ScenarioException ex)
            {
                error.WriteLine($"{ex.Message}");
                valid = false;
            }
        }

        return valid ? scenarios : null;
    }
}
