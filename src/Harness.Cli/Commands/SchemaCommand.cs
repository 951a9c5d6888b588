using Harness.Engine.Loading.Syntax;

namespace Harness.Cli.Commands;

/// <summary><c>harness schema</c>: print the JSON Schema of scenario files, generated from the loader's own syntax tables.</summary>
internal static class SchemaCommand
{
    public static async Task<int> ExecuteAsync(string[] args, TextWriter output)
    {
        if (args is ["--help"] or ["-h"])
        {
            await output.WriteAsync(HelpText.Schema).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        if (args.Length > 0)
        {
            throw new UsageException($"`harness schema` takes no arguments, not '{args[0]}'; redirect its output: harness schema > harness.schema.json");
        }

        await output.WriteAsync(SchemaGenerator.Generate()).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
