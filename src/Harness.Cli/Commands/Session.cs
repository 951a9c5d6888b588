using Harness.Engine.Configuration;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;

namespace Harness.Cli.Commands;

/// <summary>What every command that runs or checks scenarios needs: settings, plugins, variables.</summary>
internal sealed record Session(HarnessSettings Settings, PluginCatalog Catalog, LoadOptions LoadOptions)
{
    /// <summary>The values of the variables marked secret (harness.yaml <c>secret: true</c>, <c>--secret</c>), masked in every report.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// <see cref="Open"/> with the command line's <c>--config</c> and <c>--var</c>; an invalid harness.yaml
    /// is printed to <paramref name="error"/> and gives null, for exit code 2.
    /// </summary>
    public static async Task<Session?> OpenOrReportAsync(ArgumentReader arguments, TextWriter error)
    {
        try
        {
            var session = Open(arguments.Value("--config"), arguments.Values("--var"), error, arguments.Values("--secret"));
            return session with { LoadOptions = session.LoadOptions with { AllowOutsideFiles = arguments.Has("--allow-outside-files") } };
        }
        catch (ScenarioException ex)
        {
            await error.WriteLineAsync($"harness: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Reads harness.yaml and loads the plugins it names; warnings and plugin failures go to <paramref name="error"/>.</summary>
    /// <exception cref="ScenarioException">harness.yaml is invalid.</exception>
    public static Session Open(string? configPath, IEnumerable<string> variables, TextWriter error, IEnumerable<string>? secrets = null)
    {
        var path = configPath ?? SettingsLoader.Find(Environment.CurrentDirectory);
        if (configPath is not null && !File.Exists(configPath))
        {
            throw new UsageException($"--config {configPath}: no such file");
        }

        var settings = SettingsLoader.Load(path, path is null ? SettingsLoader.FileName : Path.GetRelativePath(Environment.CurrentDirectory, path));
        var vars = new Dictionary<string, string>(settings.Run.Variables, StringComparer.Ordinal);
        foreach (var assignment in variables)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--var {assignment}: expected name=value");
            }

            vars[assignment[..equals]] = assignment[(equals + 1)..];
        }

        var secretNames = new HashSet<string>(settings.SecretVariables, StringComparer.Ordinal);
        foreach (var secret in secrets ?? [])
        {
            var (name, value) = SecretArgument(secret);
            vars[name] = value;
            secretNames.Add(name);
        }

        settings = settings with { Run = settings.Run with { Variables = vars } };
        StartupTrace.Mark("settings (harness.yaml)");
        var catalog = PluginCatalog.Load(settings.PluginFolders);
        StartupTrace.Mark("plugins");
        foreach (var warning in catalog.Warnings)
        {
            error.WriteLine($"harness: warning: {warning}");
        }

        foreach (var problem in catalog.Problems)
        {
            error.WriteLine($"harness: warning: {problem}");
        }

        var loadOptions = new LoadOptions { Variables = vars, PluginPeerKinds = catalog.PeerKindNames.ToList() };
        return new Session(settings, catalog, loadOptions)
        {
            Secrets = secretNames.Select(name => vars.GetValueOrDefault(name)).OfType<string>().ToList(),
        };
    }

    /// <summary>
    /// <c>--secret name=value</c>, or <c>--secret NAME</c> for the value of the environment variable NAME, which
    /// keeps the secret out of the command line (visible to every user in <c>ps</c>) and the shell's history.
    /// </summary>
    private static (string Name, string Value) SecretArgument(string secret)
    {
        var equals = secret.IndexOf('=', StringComparison.Ordinal);
        if (equals == 0 || secret.Length == 0)
        {
            throw new UsageException($"--secret {secret}: expected name=value, or the name of an environment variable");
        }

        return equals > 0 ? (secret[..equals], secret[(equals + 1)..])
            : Environment.GetEnvironmentVariable(secret) is { } value ? (secret, value)
            : throw new UsageException($"--secret {secret}: the environment variable {secret} is not set (or write --secret {secret}=value)");
    }
}
