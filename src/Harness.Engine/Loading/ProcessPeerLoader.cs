using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// Reads a <c>process:</c> peer. The command is an argument list, never split by a shell unless
/// <c>shell: true</c> asks for one, so that spaces and quotes in arguments mean nothing special.
/// </summary>
internal static class ProcessPeerLoader
{
    internal static readonly string[] Keys = ["command", "shell", "cwd", "env", "host", "port", "ready", "timeout", "grace"];
    private static readonly string[] ReadyKinds = ["port", "output", "delay"];

    public static ProcessPeerDeclaration Load(
        YamlNodes nodes, LoadOptions options, IReadOnlyList<PeerDeclaration> earlier, string name, SourceLocation location, YamlNode settingsNode, bool manual)
    {
        var what = $"peer '{name}' (process)";
        var map = new MappingReader(nodes, nodes.Mapping(settingsNode, what), what, Keys);
        var port = map.Optional("port") is { } p ? Port(nodes, p) : (int?)null;
        var host = map.Optional("host") is { } h ? nodes.NonEmptyText(h, "host") : null;

        // The command may use the peer's own port (picked before it starts) and those of the peers declared before it.
        var self = new ProcessPeerDeclaration(name, location, [], false, null, new Dictionary<string, Template>(), host, port, new ImmediateReadiness(), null, null);
        var rules = new VariableRules(options, [.. earlier, self]) { DeferStepNames = manual };

        var shell = map.Optional("shell") is { } s && nodes.Boolean(s, "shell");
        var commandNode = map.Required("command", "the program and its arguments as a list, such as [python3, server.py]");
        var command = Command(nodes, commandNode, shell, rules);
        var cwd = map.Optional("cwd") is { } c ? ScenarioLoader.ParseTemplate(nodes, c, "cwd", rules) : null;
        var environment = new Dictionary<string, Template>(StringComparer.Ordinal);
        if (map.Optional("env") is { } envNode)
        {
            foreach (var (keyNode, valueNode) in nodes.Mapping(envNode, "env").Children)
            {
                var key = nodes.NonEmptyText(keyNode, "an environment variable's name");
                environment[key] = ScenarioLoader.ParseTemplate(nodes, valueNode, $"env {key}", rules);
            }
        }

        var ready = map.Optional("ready") is { } r ? Ready(nodes, r, port, rules)
            : port is not null ? new PortReadiness(null)
            : new ImmediateReadiness();
        var timeout = map.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        var grace = map.Optional("grace") is { } g ? nodes.Duration(g, "grace") : (TimeSpan?)null;
        return self with
        {
            Command = command,
            Shell = shell,
            WorkingDirectory = cwd,
            Environment = environment,
            Ready = ready,
            Timeout = timeout,
            Grace = grace,
        };
    }

    private static List<Template> Command(YamlNodes nodes, YamlNode node, bool shell, VariableRules rules)
    {
        if (node is YamlScalarNode)
        {
            return shell
                ? [ScenarioLoader.ParseTemplate(nodes, node, "command", rules)]
                : throw nodes.Error(node, "command: give the program and its arguments as a list, such as [python3, server.py, \"8080\"]; a single line is run through /bin/sh only with `shell: true`");
        }

        var items = nodes.Sequence(node, "command").Children;
        if (items.Count == 0)
        {
            throw nodes.Error(node, "command is empty; name the program to run, such as [python3, server.py]");
        }

        if (shell && items.Count > 1)
        {
            throw nodes.Error(node, "with `shell: true` the command is one line for /bin/sh -c, such as `command: \"python3 server.py | tee log\"`");
        }

        return items.Select(item => ScenarioLoader.ParseTemplate(nodes, item, "command", rules)).ToList();
    }

    private static int Port(YamlNodes nodes, YamlNode node) =>
        nodes.Text(node, "port") == "auto" ? 0 : nodes.Integer(node, "port (a number, or `auto` for a free one)", 0, 65535);

    private static Readiness Ready(YamlNodes nodes, YamlNode node, int? port, VariableRules rules)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value switch
            {
                "port" when port is not null => new PortReadiness(null),
                "port" => throw nodes.Error(node, "`ready: port` needs the peer's `port` (a number, or `auto`); or write `ready: { port: 9000 }`"),
                _ => throw nodes.Error(node, $"ready: expected `port`, or one of {{ port: N }}, {{ output: \"text\" }}, {{ delay: 500ms }}, not '{scalar.Value}'"),
            };
        }

        var map = new MappingReader(nodes, nodes.Mapping(node, "ready"), "ready", ReadyKinds);
        var given = map.Keys.ToList();
        if (given.Count != 1)
        {
            throw nodes.Error(node, "ready takes exactly one of: port, output, delay");
        }

        var value = map.Optional(given[0])!;
        return given[0] switch
        {
            "port" => new PortReadiness(Port(nodes, value) is var p and > 0 ? p
                : port is not null ? null
                : throw nodes.Error(value, "ready: the port to wait for must be a number from 1 to 65535")),
            "output" => new OutputReadiness(ScenarioLoader.ParseTemplate(nodes, value, "ready output", rules)),
            _ => new DelayReadiness(nodes.Duration(value, "ready delay")),
        };
    }
}
