using System.Globalization;
using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Running.Load;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness load &lt;scenario&gt; --clients N --duration T | --iterations K</c>: runs one scenario's steps
/// in a loop on N clients, prints rates and latency percentiles per step, and exits 1 when a threshold
/// written in the scenario (<c>load: { thresholds: ... }</c>) is broken.
/// </summary>
internal static class LoadCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h"];
    private static readonly HashSet<string> Valued = ["--config", "--var", "--clients", "--duration", "--iterations"];
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(HelpText.Load).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        if (arguments.Positionals.Count != 1 || !File.Exists(arguments.Positionals[0]))
        {
            throw new UsageException(arguments.Positionals.Count == 1
                ? $"{arguments.Positionals[0]}: no such file"
                : "name one scenario file, such as `harness load scenarios/echo.yaml --clients 10 --duration 10s`");
        }

        var iterations = arguments.Value("--iterations") is { } it
            ? long.TryParse(it, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 ? k : throw new UsageException($"--iterations {it}: expected a number, 1 or more")
            : (long?)null;
        var duration = arguments.Value("--duration") is { } d
            ? Durations.TryParse(d, out var t) && t > TimeSpan.Zero ? t : throw new UsageException($"--duration {d}: expected {Durations.Expected}")
            : iterations is null ? DefaultDuration : (TimeSpan?)null;
        int? clients = arguments.Value("--clients") is { } c
            ? int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000 ? n : throw new UsageException($"--clients {c}: expected a number from 1 to 100000")
            : null;

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

        var file = arguments.Positionals[0];
        var scenarios = RunCommand.LoadAll([file], session.LoadOptions, error);
        if (scenarios is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (scenarios.Count != 1)
        {
            throw new UsageException($"{file} holds {scenarios.Count} scenarios; `harness load` runs one, so put it in a file of its own");
        }

        var scenario = scenarios[0];
        if (StartStep.FirstIn(scenario.Steps) is { } start)
        {
            // The load loop repeats every step on every client: the peer would be started again and again.
            throw new UsageException($"{start.Location}: `harness load` repeats the steps on every client, so it cannot run a `start` step; "
                + $"start peer '{start.Peer}' with the scenario (remove its `start: manual`)");
        }

        await OrphanSweep.RunAsync([scenario], error, cancellationToken).ConfigureAwait(false);
        var plan = new LoadPlan(clients ?? scenario.Clients, duration, iterations);
        var live = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && Terminal.StyleFor(Console.Out).Live;
        await output.WriteLineAsync(
            $"load: {scenario.Name} ({file}), {plan.Clients} client{(plan.Clients == 1 ? string.Empty : "s")}, "
            + (duration is { } limit ? $"for {Durations.Format(limit)}" : string.Empty)
            + (duration is not null && iterations is not null ? " or " : string.Empty)
            + (iterations is { } count ? $"{count:N0} iterations" : string.Empty)).ConfigureAwait(false);

        LoadResult result;
        try
        {
            result = await new LoadRunner(session.Catalog, session.Settings.Run).RunAsync(
                scenario, plan, live ? p => error.Write($"\r  {p.Elapsed.TotalSeconds,6:0.0}s  {p.Iterations,12:N0} iterations  {p.Iterations / Math.Max(p.Elapsed.TotalSeconds, 0.001),10:N0}/s  {p.FailedIterations:N0} failed   ") : null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PeerStartException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(live ? "\rharness: interrupted" : "harness: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        if (live)
        {
            error.Write("\r" + new string(' ', 72) + "\r");
        }

        LoadTable.Write(result, output);
        var broken = result.BrokenThresholds(scenario.Load);
        foreach (var line in broken)
        {
            await output.WriteLineAsync($"threshold broken: {line}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(broken.Count == 0 ? "load: PASSED" : "load: FAILED").ConfigureAwait(false);
        return broken.Count == 0 ? ExitCodes.Passed : ExitCodes.Failed;
    }
}
