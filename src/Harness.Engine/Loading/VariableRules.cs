using Harness.Engine.Model;

namespace Harness.Engine.Loading;

/// <summary>Which <c>${...}</c> names exist in a scenario, so that an unknown one is an error before anything runs.</summary>
internal sealed class VariableRules(LoadOptions options, IReadOnlyList<PeerDeclaration> peers)
{
    /// <summary>The scenario's peers, for steps that name one (<c>start</c>, <c>expect: { output }</c>).</summary>
    public IReadOnlyList<PeerDeclaration> Peers => peers;

    /// <summary>Why <paramref name="name"/> is not a variable here, or null when it is.</summary>
    public string? Check(string name)
    {
        if (name.StartsWith("env.", StringComparison.Ordinal))
        {
            var variable = name[4..];
            return options.Environment(variable) is null ? $"environment variable {variable} is not set (${{{name}}})" : null;
        }

        if (name.StartsWith("peers.", StringComparison.Ordinal))
        {
            return CheckPeer(name);
        }

        if (options.Variables.ContainsKey(name))
        {
            return null;
        }

        var known = options.Variables.Keys.Concat(["env.NAME", "peers.NAME.endpoint"]).ToList();
        return $"unknown variable ${{{name}}}{Suggestions.Hint(name, known)} (set variables in harness.yaml `vars` or with --var {name}=VALUE)";
    }

    private string? CheckPeer(string name)
    {
        var parts = name.Split('.', 3);
        if (parts.Length < 3)
        {
            return $"${{{name}}} names no peer value; expected ${{peers.NAME.endpoint}}, .host or .port";
        }

        var peer = peers.FirstOrDefault(p => p.Name == parts[1]);
        if (peer is null)
        {
            var names = peers.Select(p => p.Name).ToList();
            return names.Count == 0
                ? $"${{{name}}} refers to peer '{parts[1]}', but the scenario declares no peers"
                : $"${{{name}}} refers to an unknown peer '{parts[1]}'{Suggestions.Hint(parts[1], names)}";
        }

        if (peer is ProcessPeerDeclaration { Port: null } && ScenarioLoader.PeerVariableKeys.Contains(parts[2]))
        {
            return $"${{{name}}}: process peer '{parts[1]}' declares no `port` (a number, or `auto` for a free one)";
        }

        // Plugin peer kinds document their own values (such as ports.80); the built-in ones have three.
        if (peer is PluginPeerDeclaration || ScenarioLoader.PeerVariableKeys.Contains(parts[2]))
        {
            return null;
        }

        return $"peer '{parts[1]}' has no value `{parts[2]}`{Suggestions.Hint(parts[2], ScenarioLoader.PeerVariableKeys)}";
    }
}
