using System.Globalization;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Reporting;
using Harness.Engine.Running;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness run</c>: reads the options, loads every scenario first (any invalid file stops the run with
/// exit 2), and hands the rest to the engine's <see cref="SuiteRunner"/>.
/// </summary>
internal static class RunCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h", "--fail-fast", "--allow-outside-files"];
    private static readonly HashSet<string> Valued = ["--config", "--var", "--secret", "--junit", "--json", "--filter", "--parallel", "--timeout", "--shard"];

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(HelpText.Run).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        var files = ScenarioFiles.Expand(arguments.Positionals);
        var options = ReadSuiteOptions(arguments);
        var timeout = arguments.Value("--timeout") is { } t
            ? Durations.TryParse(t, out var d) && d > TimeSpan.Zero ? d : throw new UsageException($"--timeout {t}: expected {Durations.Expected}")
            : (TimeSpan?)null;
        if (await Session.OpenOrReportAsync(arguments, error).ConfigureAwait(false) is not { } session)
        {
            return ExitCodes.InvalidInput;
        }

        var scenarios = LoadAll(files, session.LoadOptions, error);
        StartupTrace.Mark("scenarios (YAML)");
        if (scenarios is null)
        {
            return ExitCodes.InvalidInput;
        }

        // --timeout replaces the default scenario timeout of harness.yaml; a scenario's own `timeout:` still wins.
        var runSettings = timeout is { } limit ? session.Settings.Run with { ScenarioTimeout = limit } : session.Settings.Run;
        var reporter = new SafeReporter(Reporters(arguments, output), error);
        var suite = new SuiteRunner(new ScenarioRunner(session.Catalog, runSettings), new MaskingReporter(reporter, new SecretMasker(session.Secrets)), options);
        var plan = suite.Plan(scenarios);
        if (plan.Matched == 0)
        {
            await error.WriteLineAsync($"harness: no scenario matches --filter {string.Join(" --filter ", arguments.Values("--filter"))} ({scenarios.Count} loaded)").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await OrphanSweep.RunAsync(scenarios, error, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("reporters and plan");
        var summary = await suite.RunAsync(plan, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("run (peers, steps, console)");
        return summary.Errored > 0 ? ExitCodes.CouldNotRun
            : summary.Failed > 0 ? ExitCodes.Failed
            : reporter.AnyFailed ? ExitCodes.CouldNotRun // a report CI asked for is missing
            : ExitCodes.Passed;
    }

    private static SuiteOptions ReadSuiteOptions(ArgumentReader arguments)
    {
        var options = new SuiteOptions { FailFast = arguments.Has("--fail-fast") };
        try
        {
            options = options with { Filter = ScenarioFilter.Parse(arguments.Values("--filter")) };
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (arguments.Value("--parallel") is { } parallel)
        {
            options = options with
            {
                Parallelism = int.TryParse(parallel, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                    ? n
                    : throw new UsageException($"--parallel {parallel}: expected a number of scenarios at once, 1 or more"),
            };
        }

        if (arguments.Value("--shard") is { } shardText)
        {
            options = options with { Shard = Shard.TryParse(shardText, out var shard, out var problem) ? shard : throw new UsageException($"--shard {problem}") };
        }

        return options;
    }

    private static List<IReporter> Reporters(ArgumentReader arguments, TextWriter output)
    {
        var reporters = new List<IReporter> { new ConsoleReporter(output, Terminal.StyleFor(output)) };
        if (arguments.Value("--junit") is { } junit)
        {
            reporters.Add(new JUnitReporter(junit));
        }

        if (arguments.Value("--json") is { } json)
        {
            reporters.Add(new JsonReporter(json));
        }

        return reporters;
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
