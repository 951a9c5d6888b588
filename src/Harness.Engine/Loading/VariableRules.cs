using Harness.Engine.Model;

namespace Harness.Engine.Loading;

/// <summary>
/// Which <c>${...}</c> names exist at each point of a scenario, so that an unknown one is an error before
/// anything runs. Steps declare names as they are parsed: a capture, a loop variable, a connection or a
/// listener is known from the step after the one that makes it.
/// </summary>
internal sealed class VariableRules(LoadOptions options, IReadOnlyList<PeerDeclaration> peers)
{
    internal static readonly string[] EndpointKeys = ["host", "port", "endpoint"];
    internal static readonly string[] ReservedPrefixes = ["env", "peers", "connection", "connections", "listeners", "client"];
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listeners = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Connections => _connections;

    public LoadOptions Options => options;

    public IReadOnlyCollection<string> Listeners => _listeners;

    /// <summary>Makes <paramref name="name"/> usable by later steps; false if it already was.</summary>
    public bool Declare(string name) => _declared.Add(name);

    public void Forget(string name) => _declared.Remove(name);

    public void OpenConnection(string name) => _connections.Add(name);

    public void OpenListener(string name) => _listeners.Add(name);

    /// <summary>The scenario's peers, for steps that name one (<c>start</c>, <c>expect: { output }</c>).</summary>
    public IReadOnlyList<PeerDeclaration> Peers => peers;

    /// <summary>
    /// For a <c>start: manual</c> peer: names that steps make (listeners, connections, captures) are taken on
    /// trust here and checked again where its <c>start</c> step stands (see <see cref="PeerSteps.StartedPeer"/>).
    /// </summary>
    public bool DeferStepNames { get; init; }

    /// <summary>Why <paramref name="name"/> is not a variable here, or null when it is.</summary>
    public string? Check(string name)
    {
        if (DeferStepNames && IsStepName(name))
        {
            return null;
        }

        if (name.StartsWith("env.", StringComparison.Ordinal))
        {
            var variable = name[4..];
            return options.Environment(variable) is null ? $"environment variable {variable} is not set (${{{name}}})" : null;
        }

        if (name.StartsWith("peers.", StringComparison.Ordinal))
        {
            return CheckPeer(name);
        }

        if (name.StartsWith("connection.", StringComparison.Ordinal) || name.StartsWith("connections.", StringComparison.Ordinal))
        {
            return CheckConnection(name);
        }

        if (name.StartsWith("listeners.", StringComparison.Ordinal))
        {
            return CheckListener(name);
        }

        if (name is "client.index" or "client.count" || options.Variables.ContainsKey(name) || _declared.Contains(name))
        {
            return null;
        }

        var known = options.Variables.Keys.Concat(_declared).Concat(["env.NAME", "peers.NAME.endpoint", "client.index"]).ToList();
        return $"unknown variable ${{{name}}}{Suggestions.Hint(name, known)} (set variables in harness.yaml `vars`, with --var {name}=VALUE, or with `capture` in an earlier step)";
    }

    private string? CheckConnection(string name)
    {
        // ${connection.local.port} is the unnamed connection; ${connections.alice.local.port} a named one.
        var parts = name.Split('.');
        var (connection, rest) = parts[0] == "connection" ? (Model.Connections.Default, parts[1..]) : (parts.Length > 1 ? parts[1] : string.Empty, parts.Length > 2 ? parts[2..] : []);
        if (rest.Length != 2 || rest[0] is not ("local" or "remote") || !EndpointKeys.Contains(rest[1]))
        {
            return $"${{{name}}} names no connection value; expected ${{connection.local.port}} or ${{connections.NAME.remote.host}} (local or remote; host, port or endpoint)";
        }

        if (!_connections.Contains(connection))
        {
            var named = _connections.Where(c => c.Length > 0).ToList();
            return connection.Length == 0
                ? $"${{{name}}} is used before any unnamed `connect` or `accept`"
                : $"${{{name}}}: connection '{connection}' is not opened by an earlier `connect` or `accept` with `as: {connection}`{(named.Count > 0 ? Suggestions.Hint(connection, named) : string.Empty)}";
        }

        return null;
    }

    private string? CheckListener(string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 3 || !EndpointKeys.Contains(parts[2]))
        {
            return $"${{{name}}} names no listener value; expected ${{listeners.NAME.port}}, .host or .endpoint";
        }

        return _listeners.Contains(parts[1]) ? null
            : $"${{{name}}}: listener '{parts[1]}' is not opened by an earlier `listen` with `as: {parts[1]}`{(_listeners.Count > 0 ? Suggestions.Hint(parts[1], _listeners) : string.Empty)}";
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

    private static bool IsStepName(string name) =>
        !name.Contains('.', StringComparison.Ordinal)
        || name.StartsWith("listeners.", StringComparison.Ordinal)
        || name.StartsWith("connections.", StringComparison.Ordinal)
        || name.StartsWith("connection.", StringComparison.Ordinal);
}
