using Harness.Cli.Commands;

namespace Harness.Cli;

/// <summary>Dispatches <c>harness &lt;command&gt;</c> and turns usage mistakes into exit code 2.</summary>
internal static class HarnessCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.Write(HelpText.Main);
            return args.Length == 0 ? ExitCodes.InvalidInput : ExitCodes.Passed;
        }

        if (args[0] is "--version" or "version")
        {
            output.WriteLine(typeof(HarnessCommand).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Passed;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "run" => await RunCommand.ExecuteAsync(rest, output, error, cancellationToken).ConfigureAwait(false),
                "load" => await LoadCommand.ExecuteAsync(rest, output, error, cancellationToken).ConfigureAwait(false),
                "plugins" => await PluginsCommand.ExecuteAsync(rest, output, error).ConfigureAwait(false),
                "validate" => await ValidateCommand.ExecuteAsync(rest, output, error).ConfigureAwait(false),
                "schema" => await SchemaCommand.ExecuteAsync(rest, output).ConfigureAwait(false),
                "serve" => await ServeCommand.ExecuteAsync(rest, output, error, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{args[0]}'; run `harness --help` for the commands"),
            };
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
    }
}
