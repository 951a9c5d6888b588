using Harness.Engine.Model;
using Harness.Engine.Peers;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// Turns scenario files into immutable <see cref="Scenario"/> records. Every mistake is a
/// <see cref="ScenarioException"/> at its file:line:column; nothing is run here.
/// </summary>
public sealed class ScenarioLoader(LoadOptions options)
{
    internal static readonly string[] ScenarioKeys = [.. Syntax.Language.ScenarioMap.Keys];
    internal static readonly string[] PeerVariableKeys = ["host", "port", "endpoint"];
    private static readonly string[] BuiltinPeerKeys = ["builtin", "transport", "host", "port", "options", "start"];
    private static readonly string[] CorePeerKinds = ["builtin", "address", "process"];

    /// <summary>Loads every scenario in a file (one per YAML document).</summary>
    public IReadOnlyList<Scenario> LoadFile(string path, string? displayPath = null)
    {
        var display = displayPath ?? path;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(new SourceLocation(display, 1, 1), $"cannot read the file: {ex.Message}");
        }

        return Load(text, display, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Loads every scenario in <paramref name="yaml"/>, reporting places in <paramref name="displayPath"/>.</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="displayPath">The path printed in error messages.</param>
    /// <param name="folder">Where relative <c>file:</c> payloads are found; by default the folder of <paramref name="displayPath"/>.</param>
    public IReadOnlyList<Scenario> Load(string yaml, string displayPath, string? folder = null)
    {
        folder ??= Path.GetDirectoryName(Path.GetFullPath(displayPath)) ?? Environment.CurrentDirectory;
        var nodes = new YamlNodes(displayPath);
        var documents = nodes.ParseDocuments(yaml);
        if (documents.Count == 0)
        {
            throw new ScenarioException(new SourceLocation(displayPath, 1, 1), "the file holds no scenario; expected a mapping with `name` and `steps`");
        }

        return documents.Select(root => LoadScenario(nodes, root, folder)).ToList();
    }

    private Scenario LoadScenario(YamlNodes nodes, YamlNode root, string folder)
    {
        var map = new MappingReader(nodes, nodes.Mapping(root, "a scenario"), "a scenario", ScenarioKeys);
        if (map.Optional("vars") is { } varsNode)
        {
            // The scenario's own values are defaults: harness.yaml and --var (already in options) win over them.
            var defaults = ScenarioVariables(nodes, varsNode);
            var merged = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
            foreach (var (name, value) in options.Variables)
            {
                merged[name] = value;
            }

            var scenario = new ScenarioLoader(options with { Variables = merged }).LoadScenario(nodes, map, folder);
            return scenario with { Variables = defaults };
        }

        return LoadScenario(nodes, map, folder);
    }

    private static Dictionary<string, string> ScenarioVariables(YamlNodes nodes, YamlNode node)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in nodes.Mapping(node, "vars").Children)
        {
            var name = nodes.NonEmptyText(keyNode, "a variable's name");
            if (VariableRules.ReservedPrefixes.Any(prefix => name.StartsWith(prefix + ".", StringComparison.Ordinal)))
            {
                throw nodes.Error(keyNode, $"vars: '{name}' is a name the harness sets itself (${{{name}...}}); choose another name");
            }

            var text = nodes.Text(value, $"vars.{name}");
            if (text.Contains("${", StringComparison.Ordinal))
            {
                throw nodes.Error(value, $"vars.{name}: a default is a plain value; it cannot hold variables (write `$${{` for a literal `${{`)");
            }

            variables[name] = text.Replace("$${", "${", StringComparison.Ordinal);
        }

        return variables;
    }

    private Scenario LoadScenario(YamlNodes nodes, MappingReader map, string folder)
    {
        var root = map.Node;
        var name = nodes.NonEmptyText(map.Required("name", "the scenario's name, such as `name: TCP echo`"), "name");
        var description = map.Optional("description") is { } d ? nodes.Text(d, "description") : null;
        var tags = map.Optional("tags") is { } t ? nodes.TextList(t, "tags") : [];
        var timeout = map.Optional("timeout") is { } to ? nodes.Duration(to, "timeout") : (TimeSpan?)null;
        var clients = map.Optional("clients") is { } c ? nodes.Integer(c, "clients", 1, 10_000) : 1;
        var peers = map.Optional("peers") is { } p ? LoadPeers(nodes, p).Select(peer => Confine(peer, folder)).ToList() : [];
        var stepsNode = map.Required("steps", "a list of steps, such as `- connect: tcp://${peers.server.endpoint}`");
        var variables = new VariableRules(options, peers);
        var faults = map.Optional("faults") is { } f ? FaultsParser.Parse(nodes, f, "faults") : null;
        var steps = new StepParser(nodes, variables, folder) { ScenarioFaults = faults }.ParseSteps(nodes.Sequence(stepsNode, "steps"));
        if (clients > 1 && StartStep.FirstIn(steps) is { } start)
        {
            // Every client runs every step: N clients would start the one program N times, racing.
            throw new ScenarioException(start.Location,
                $"`start` runs once per client, and this scenario has `clients: {clients}`: peer '{start.Peer}' is one program and can be started only once; "
                + "start it with the scenario (remove its `start: manual`), or use one client");
        }

        var parallel = map.Optional("parallel") is { } pa ? nodes.Boolean(pa, "parallel") : (bool?)null;
        var load = map.Optional("load") is { } lo ? LoadThresholdsParser.Parse(nodes, lo) : null;
        return new Scenario(name, description, tags, peers, steps, timeout, nodes.File, nodes.At(root)) { Clients = clients, Parallel = parallel, Load = load, Faults = faults };
    }

    /// <summary>
    /// Keeps a process peer's files in the scenario's folder tree (unless <c>--allow-outside-files</c>): checked
    /// here for what is written out, and again at start for what holds variables.
    /// </summary>
    private PeerDeclaration Confine(PeerDeclaration peer, string folder)
    {
        if (options.AllowOutsideFiles)
        {
            return peer;
        }

        if (peer is PluginPeerDeclaration plugin)
        {
            return plugin with { FilesConfined = true }; // the plugin knows which of its settings are paths
        }

        if (peer is not ProcessPeerDeclaration process)
        {
            return peer;
        }

        var workingFolder = process.WorkingDirectory is null ? folder
            : process.WorkingDirectory.Constant is { } cwd ? Path.GetFullPath(cwd, folder)
            : null;
        var command = process.Command.Select(part => part.Constant).ToList();
        return Peers.Processes.ProcessPeerFiles.Problem(command, process.Shell, workingFolder, folder) is { } problem
            ? throw new ScenarioException(process.Location, $"peer '{process.Name}': {problem}")
            : process with { FilesConfined = true };
    }

    private List<PeerDeclaration> LoadPeers(YamlNodes nodes, YamlNode node)
    {
        var peers = new List<PeerDeclaration>();
        foreach (var (keyNode, value) in nodes.Mapping(node, "peers").Children)
        {
            var name = nodes.NonEmptyText(keyNode, "a peer's name");
            peers.Add(LoadPeer(nodes, name, keyNode, value, peers.ToList()));
        }

        return peers;
    }

    private PeerDeclaration LoadPeer(YamlNodes nodes, string name, YamlNode keyNode, YamlNode node, IReadOnlyList<PeerDeclaration> earlier)
    {
        var startNode = nodes.Mapping(node, $"peer '{name}'").Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "start" }).Value;
        var manual = startNode is not null && nodes.Text(startNode, "start") == "manual";
        var declaration = LoadPeerKind(nodes, name, keyNode, node, earlier, manual);
        return startNode is null ? declaration : declaration with { StartsManually = StartsManually(nodes, startNode, declaration) };
    }

    /// <summary><c>start: manual</c> defers a peer to a <c>start</c> step; <c>start: auto</c> (the default) starts it before the steps.</summary>
    private static bool StartsManually(YamlNodes nodes, YamlNode node, PeerDeclaration declaration)
    {
        var text = nodes.Text(node, "start");
        return text switch
        {
            "manual" when declaration is AddressPeerDeclaration => throw nodes.Error(node, $"peer '{declaration.Name}' is only an address; there is nothing to start"),
            "manual" => true,
            "auto" => false,
            _ => throw nodes.Error(node, $"start must be `auto` (before the steps) or `manual` (at a `- start: {declaration.Name}` step), not '{text}'"),
        };
    }

    private PeerDeclaration LoadPeerKind(YamlNodes nodes, string name, YamlNode keyNode, YamlNode node, IReadOnlyList<PeerDeclaration> earlier, bool manual)
    {
        var what = $"peer '{name}'";
        var mapping = nodes.Mapping(node, what);
        var kinds = CorePeerKinds.Concat(options.PluginPeerKinds).ToList();
        var kindKey = mapping.Children.Keys.Select(k => nodes.Text(k, "a key")).FirstOrDefault(kinds.Contains);
        if (kindKey is null)
        {
            var first = mapping.Children.Keys.FirstOrDefault();
            var written = first is null ? null : nodes.Text(first, "a key");
            throw nodes.Error(
                first ?? node,
                written is null
                    ? $"{what} names no kind; expected one of: {string.Join(", ", kinds)}"
                    : $"{what}: unknown peer kind `{written}`{Suggestions.Hint(written, kinds)}");
        }

        var location = nodes.At(keyNode);
        switch (kindKey)
        {
            case "address":
            {
                var map = new MappingReader(nodes, mapping, what, ["address"]);
                var addressNode = map.Required("address", "scheme://host:port");
                var address = ParseTemplate(nodes, addressNode, "address", new VariableRules(options, []));
                return new AddressPeerDeclaration(name, location, address);
            }

            case "builtin":
                return LoadBuiltinPeer(nodes, name, location, mapping, earlier);

            case "process":
            {
                _ = new MappingReader(nodes, mapping, what, ["process", "start"]);
                return ProcessPeerLoader.Load(nodes, options, earlier, name, location, ValueOf(mapping, "process"), manual);
            }

            default:
            {
                _ = new MappingReader(nodes, mapping, what, [kindKey, "start"]);
                var settingsNode = ValueOf(mapping, kindKey);
                var settings = settingsNode is YamlMappingNode ? (IReadOnlyDictionary<string, object?>)nodes.Plain(settingsNode)! :
                    YamlNodes.IsNull(settingsNode) ? new Dictionary<string, object?>() :
                    throw nodes.Error(settingsNode, $"{what}: the settings of `{kindKey}` must be a mapping");
                return new PluginPeerDeclaration(name, location, kindKey, settings);
            }
        }
    }

    private BuiltinPeerDeclaration LoadBuiltinPeer(YamlNodes nodes, string name, SourceLocation location, YamlMappingNode mapping, IReadOnlyList<PeerDeclaration> earlier)
    {
        var what = $"peer '{name}'";
        var builtinNode = ValueOf(mapping, "builtin");
        var builtin = nodes.NonEmptyText(builtinNode, "builtin");
        if (!BuiltinPeerCatalog.TryGet(builtin, out var descriptor))
        {
            throw nodes.Error(builtinNode, $"unknown built-in peer `{builtin}`{Suggestions.Hint(builtin, BuiltinPeerCatalog.Names)}");
        }

        var map = new MappingReader(nodes, mapping, what, [.. BuiltinPeerKeys, .. descriptor.Options.Keys]);
        var transport = map.Optional("transport") is { } t ? nodes.NonEmptyText(t, "transport").ToLowerInvariant() : descriptor.DefaultTransport;
        var host = map.Optional("host") is { } h ? nodes.NonEmptyText(h, "host") : DefaultHost(transport);
        var noPeers = new VariableRules(options, []);

        // A port may name an earlier peer's (`port: ${peers.a.port}`), so that two listeners can be shown to share one.
        var portNode = map.Optional("port");
        var portTemplate = portNode is YamlScalarNode { Value: { } portText } && portText.Contains("${", StringComparison.Ordinal)
            ? ParseTemplate(nodes, portNode, "port", new VariableRules(options, earlier))
            : null;
        var port = portNode is not null && portTemplate is null ? nodes.Integer(portNode, "port", 0, 65535) : 0;
        var peerOptions = descriptor.Options.Keys
            .Where(key => map.Optional(key) is not null)
            .ToDictionary(key => key, key => ParseTemplate(nodes, map.Optional(key)!, key, noPeers), StringComparer.Ordinal);
        foreach (var (key, template) in peerOptions)
        {
            if (template.Constant is { } value && descriptor.Check(key, value) is { } problem)
            {
                throw nodes.Error(map.Optional(key)!, $"{what}: option `{key}` of `{builtin}`: {problem}");
            }
        }

        var transportOptions = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase);
        if (map.Optional("options") is { } optionsNode)
        {
            foreach (var (k, v) in nodes.Mapping(optionsNode, "options").Children)
            {
                var key = nodes.NonEmptyText(k, "an option name");
                transportOptions[key] = ParseTemplate(nodes, v, $"option {key}", noPeers);
            }
        }

        return new BuiltinPeerDeclaration(name, location, builtin, transport, host, port, peerOptions)
        {
            PortTemplate = portTemplate,
            TransportOptions = transportOptions,
        };
    }

    /// <summary>
    /// The value of the key written <paramref name="key"/>. Looked up by the key's text, not with the mapping's
    /// indexer: YamlDotNet's keys compare their tags too, so a tagged key (<c>!!str builtin: echo</c>) is not
    /// found by an untagged one.
    /// </summary>
    private static YamlNode ValueOf(YamlMappingNode mapping, string key) =>
        mapping.Children.First(pair => pair.Key is YamlScalarNode scalar && scalar.Value == key).Value;

    private static string DefaultHost(string transport) => transport.EndsWith('6') ? "::1" : "127.0.0.1";

    internal static Template ParseTemplate(YamlNodes nodes, YamlNode node, string what, VariableRules rules) =>
        ParseTemplate(nodes, node, nodes.Text(node, what), what, rules);

    /// <summary>Parses <paramref name="text"/> (the value of <paramref name="node"/>, perhaps with escapes decoded) as a template.</summary>
    internal static Template ParseTemplate(YamlNodes nodes, YamlNode node, string text, string what, VariableRules rules)
    {
        var (template, offset, problem) = TemplateParser.Parse(text, rules.Check);
        if (template is null)
        {
            var at = nodes.At(node);
            throw new ScenarioException(at with { Column = at.Column + QuotedOffset(node) + offset }, $"{what}: {problem}");
        }

        return template;
    }

    /// <summary>The column shift of a scalar's first character past its opening quote, if it has one.</summary>
    internal static int QuotedOffset(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted } ? 1 : 0;
}
