using Harness.Engine.Plugins;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness plugins</c>: what each plugin folder contributes, and what failed to load. Exits 0 when at
/// least one plugin loads (failures are listed, since scenarios that do not need them still run) and 3
/// when none does, because then no scenario can run at all.
/// </summary>
internal static class PluginsCommand
{
    private static readonly HashSet<string> Flags = ["--help", "-h"];
    private static readonly HashSet<string> Valued = ["--config"];

    public static async Task<int> ExecuteAsync(string[] args, TextWriter output, TextWriter error)
    {
        var arguments = new ArgumentReader(args, Flags, Valued);
        if (arguments.Has("--help") || arguments.Has("-h"))
        {
            await output.WriteAsync(HelpText.Plugins).ConfigureAwait(false);
            return ExitCodes.Passed;
        }

        if (arguments.Positionals.Count > 0)
        {
            throw new UsageException($"harness plugins takes no arguments, not '{arguments.Positionals[0]}'");
        }

        Session session;
        try
        {
            // Problems are printed below, in the listing, rather than as warnings.
            session = Session.Open(arguments.Value("--config"), [], TextWriter.Null);
        }
        catch (Engine.Loading.ScenarioException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        Write(session.Catalog, output);
        if (session.Catalog.Plugins.Count == 0)
        {
            await error.WriteLineAsync("harness: no plugin loaded; check `plugins` in harness.yaml and build the plugins (dotnet build)").ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }

        return ExitCodes.Passed;
    }

    private static void Write(PluginCatalog catalog, TextWriter output)
    {
        output.WriteLine("searched: " + (catalog.SearchedFolders.Count == 0
            ? "(no plugin folders configured)"
            : string.Join(", ", catalog.SearchedFolders.Select(f => Display(f) + (Directory.Exists(f) ? string.Empty : " (missing)")))));
        foreach (var plugin in catalog.Plugins.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            output.WriteLine();
            output.WriteLine($"{plugin.Name} {plugin.Version}");
            output.WriteLine($"  folder:     {Display(plugin.Folder)}");
            if (plugin.Transports.Count > 0)
            {
                output.WriteLine($"  transports: {string.Join(", ", plugin.Transports)}");
            }

            if (plugin.PeerKinds.Count > 0)
            {
                output.WriteLine($"  peer kinds: {string.Join(", ", plugin.PeerKinds)}");
            }

            if (plugin.Transports.Count == 0 && plugin.PeerKinds.Count == 0)
            {
                output.WriteLine("  contributes nothing");
            }
        }

        if (catalog.Problems.Count + catalog.Warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("problems:");
            foreach (var problem in catalog.Problems.Concat(catalog.Warnings))
            {
                output.WriteLine($"  {problem}");
            }
        }
    }

    /// <summary>A folder under the current one is shown relative to it, as a user would type it.</summary>
    private static string Display(string folder)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, folder);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? folder : relative;
    }
}
