using System.Globalization;
using Harness.Engine.Loading;

namespace Harness.Cli.Commands;

/// <summary><c>harness validate</c>: load scenario files without running anything; exit 0 when all are valid, 2 otherwise.</summary>
internal static class ValidateCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h", "--allow-outside-files"];
    private static readonly HashSet<string> Valued = ["--config", "--var", "--secret"];

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(HelpText.Validate).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        var files = ScenarioFiles.Expand(arguments.Positionals);
        if (await Session.OpenOrReportAsync(arguments, error).ConfigureAwait(false) is not { } session)
        {
            return ExitCodes.InvalidInput;
        }

        var scenarios = RunCommand.LoadAll(files, session.LoadOptions, error);
        if (scenarios is null)
        {
            return ExitCodes.InvalidInput;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{files.Count} file{(files.Count == 1 ? string.Empty : "s")}, {scenarios.Count} scenario{(scenarios.Count == 1 ? string.Empty : "s")} valid")).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
