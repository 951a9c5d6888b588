using Harness.Engine.Loading;
using Harness.Engine.Running;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Configuration;

/// <summary>
/// Finds and reads harness.yaml. Without one, plugins are looked for in a <c>plugins</c> folder beside
/// the harness itself (how the packed .NET tool ships them).
/// </summary>
public static class SettingsLoader
{
    public const string FileName = "harness.yaml";

    private static readonly string[] TopKeys = ["plugins", "defaults", "vars"];
    private static readonly string[] VariableKeys = ["value", "env", "secret"];
    private static readonly string[] DefaultKeys = ["timeout", "connectTimeout", "peerStartTimeout", "scenarioTimeout", "maxReceive"];

    /// <summary>The nearest harness.yaml in <paramref name="directory"/> or a parent, or null.</summary>
    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads the settings file at <paramref name="path"/>, or the defaults when it is null.</summary>
    /// <exception cref="ScenarioException">The file is invalid; the message names file:line:column.</exception>
    public static HarnessSettings Load(string? path, string displayPath)
    {
        if (path is null)
        {
            return new HarnessSettings(null, [Path.Combine(AppContext.BaseDirectory, "plugins")], new RunSettings());
        }

        var nodes = new YamlNodes(displayPath);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new ScenarioException(new Model.SourceLocation(displayPath, 1, 1), $"cannot read the settings file: {ex.Message}");
        }

        var documents = nodes.ParseDocuments(text);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (documents.Count == 0 || YamlNodes.IsNull(documents[0]))
        {
            return new HarnessSettings(path, [], new RunSettings());
        }

        var map = new MappingReader(nodes, nodes.Mapping(documents[0], "harness.yaml"), "harness.yaml", TopKeys);
        var plugins = map.Optional("plugins") is { } p
            ? nodes.TextList(p, "plugins").Select(folder => Path.GetFullPath(Path.Combine(baseDirectory, folder))).ToList()
            : [];
        var run = new RunSettings();
        if (map.Optional("defaults") is { } d)
        {
            var defaults = new MappingReader(nodes, nodes.Mapping(d, "defaults"), "defaults", DefaultKeys);
            run = run with
            {
                StepTimeout = defaults.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : run.StepTimeout,
                ConnectTimeout = defaults.Optional("connectTimeout") is { } c ? nodes.Duration(c, "connectTimeout") : run.ConnectTimeout,
                PeerStartTimeout = defaults.Optional("peerStartTimeout") is { } ps ? nodes.Duration(ps, "peerStartTimeout") : run.PeerStartTimeout,
                ScenarioTimeout = defaults.Optional("scenarioTimeout") is { } st ? nodes.Duration(st, "scenarioTimeout") : run.ScenarioTimeout,
                MaxReceiveBytes = defaults.Optional("maxReceive") is { } mr ? (int)nodes.Size(mr, "maxReceive", RunSettings.MinReceiveBytes, RunSettings.MaxReceiveLimit) : run.MaxReceiveBytes,
            };
        }

        var secrets = new HashSet<string>(StringComparer.Ordinal);
        if (map.Optional("vars") is { } v)
        {
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in nodes.Mapping(v, "vars").Children)
            {
                var name = nodes.NonEmptyText(key, "a variable name");
                if (value is not YamlMappingNode)
                {
                    vars[name] = nodes.Text(value, "a variable's value");
                    continue;
                }

                var (defined, secret) = Variable(nodes, name, value);
                if (defined is not null)
                {
                    vars[name] = defined;
                }

                if (secret)
                {
                    secrets.Add(name);
                }
            }

            run = run with { Variables = vars };
        }

        return new HarnessSettings(path, plugins, run) { SecretVariables = secrets };
    }

    /// <summary>
    /// <c>name: { value: TEXT | env: NAME, secret: true }</c>. A secret is best read from the environment, so that
    /// it is not committed with harness.yaml; an unset environment variable leaves the variable undefined, and a
    /// scenario that uses it is then invalid (the error names it), while the others still run.
    /// </summary>
    private static (string? Value, bool Secret) Variable(YamlNodes nodes, string name, YamlNode node)
    {
        var what = $"variable '{name}'";
        var variable = new MappingReader(nodes, nodes.Mapping(node, what), what, VariableKeys);
        var secret = variable.Optional("secret") is { } s && nodes.Boolean(s, "secret");
        return (variable.Optional("value"), variable.Optional("env")) switch
        {
            ({ } value, null) => (nodes.Text(value, "value"), secret),
            (null, { } env) => (Environment.GetEnvironmentVariable(nodes.NonEmptyText(env, "env")), secret),
            (null, null) => throw nodes.Error(node, $"{what} needs `value: TEXT` or `env: NAME` (an environment variable)"),
            _ => throw nodes.Error(variable.Optional("env")!, $"{what} takes `value` or `env`, not both"),
        };
    }

    internal static bool IsMapping(YamlNode node) => node is YamlMappingNode;
}
