using Harness.Abstractions;

namespace Harness.Engine.Plugins;

/// <summary>
/// Everything the plugins contribute, by scheme and by peer-kind name, with what was searched and
/// what failed, so that a missing transport can be explained rather than merely reported.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, (ITransport Transport, string Plugin)> _transports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (IPeerKind Kind, string Plugin)> _peerKinds = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PluginInfo> _plugins = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _warnings = [];

    // A scheme two plugins claim is used by neither: which one would win depends on folder order, so the
    // run says so instead of choosing silently.
    private readonly Dictionary<string, string> _contested = new(StringComparer.OrdinalIgnoreCase);

    private PluginCatalog(IReadOnlyList<string> searchedFolders) => SearchedFolders = searchedFolders;

    /// <summary>The plugin roots named in the settings, as absolute paths.</summary>
    public IReadOnlyList<string> SearchedFolders { get; }

    public IReadOnlyList<PluginInfo> Plugins => _plugins;

    /// <summary>Plugin folders that failed to load or register, each with its path and reason.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<string> Warnings => _warnings;

    public IEnumerable<string> Schemes => _transports.Keys;

    public IEnumerable<string> PeerKindNames => _peerKinds.Keys;

    /// <summary>
    /// Loads every plugin under <paramref name="roots"/>. A root that is itself a plugin folder is
    /// loaded; otherwise each of its sub-folders is one plugin. Failures are recorded, not thrown, so
    /// that scenarios which do not need the failed plugin still run.
    /// </summary>
    public static PluginCatalog Load(IReadOnlyList<string> roots)
    {
        var catalog = new PluginCatalog(roots);
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            var folders = IsPluginFolder(root) ? [root] : Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
            foreach (var folder in folders)
            {
                catalog.LoadOne(folder);
            }
        }

        return catalog;
    }

    /// <summary>Builds a catalog from plugins already in memory (tests and embedders).</summary>
    public static PluginCatalog FromPlugins(params IHarnessPlugin[] plugins)
    {
        var catalog = new PluginCatalog([]);
        foreach (var plugin in plugins)
        {
            catalog.Register(new LoadedPlugin("(in memory)", plugin.GetType().Name, "0", plugin, []));
        }

        return catalog;
    }

    public bool TryGetTransport(string scheme, out ITransport transport)
    {
        var found = _transports.TryGetValue(scheme, out var entry);
        transport = entry.Transport;
        return found;
    }

    public bool TryGetPeerKind(string name, out IPeerKind kind)
    {
        var found = _peerKinds.TryGetValue(name, out var entry);
        kind = entry.Kind;
        return found;
    }

    /// <summary>A sentence explaining why no transport answers <paramref name="scheme"/>, naming the folders searched.</summary>
    public string ExplainMissingTransport(string scheme)
    {
        if (_contested.TryGetValue(scheme, out var claimants))
        {
            return $"scheme '{scheme}' is claimed by two plugins, {claimants}; remove one of them from the plugin folders";
        }

        var searched = SearchedFolders.Count == 0
            ? "no plugin folders are configured (harness.yaml: plugins)"
            : "searched " + string.Join(", ", SearchedFolders.Select(f => Directory.Exists(f) ? f : f + " (missing)"));
        var known = _transports.Count == 0 ? "no transports are loaded" : "loaded: " + string.Join(", ", _transports.Keys.Order(StringComparer.Ordinal));
        var problems = _problems.Count == 0 ? string.Empty : "; plugin failures: " + string.Join("; ", _problems);
        return $"no transport plugin provides '{scheme}' ({known}); {searched}{problems}";
    }

    private static bool IsPluginFolder(string folder) =>
        File.Exists(Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll"));

    private void LoadOne(string folder)
    {
        LoadedPlugin plugin;
        try
        {
            plugin = PluginLoader.Load(folder);
        }
        catch (PluginLoadException ex)
        {
            _problems.Add(ex.Message);
            return;
        }

        _warnings.AddRange(plugin.Warnings);
        Register(plugin);
    }

    private void Register(LoadedPlugin plugin)
    {
        var registry = new Registry(plugin.Name);
        try
        {
            plugin.Entry.Register(registry);
        }
#pragma warning disable CA1031 // A plugin's own bug must not take the host down: it is reported with its folder.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _problems.Add($"plugin {plugin.Folder}: registration failed: {ex.GetType().Name}: {ex.Message}");
            return;
        }

        var claimant = $"{plugin.Name} ({plugin.Folder})";
        foreach (var transport in registry.Transports)
        {
            if (_contested.TryGetValue(transport.Scheme, out var others))
            {
                _contested[transport.Scheme] = $"{others} and {claimant}";
                continue;
            }

            if (_transports.Remove(transport.Scheme, out var existing))
            {
                _contested[transport.Scheme] = $"{existing.Plugin} and {claimant}";
                _problems.Add($"scheme '{transport.Scheme}' is claimed by two plugins, {existing.Plugin} and {claimant}; neither is used");
                continue;
            }

            _transports[transport.Scheme] = (transport, claimant);
        }

        foreach (var kind in registry.PeerKinds)
        {
            if (_peerKinds.TryGetValue(kind.Name, out var existing))
            {
                _problems.Add($"peer kind '{kind.Name}' is claimed by two plugins: {existing.Plugin} and {plugin.Name} ({plugin.Folder}); the first one is used");
                continue;
            }

            _peerKinds[kind.Name] = (kind, plugin.Name);
        }

        _plugins.Add(new PluginInfo(
            plugin.Name,
            plugin.Folder,
            plugin.Version,
            registry.Transports.Select(t => $"{t.Scheme} ({t.Kind.ToString().ToLowerInvariant()})").ToList(),
            registry.PeerKinds.Select(k => k.Name).ToList()));
    }

    private sealed class Registry(string pluginName) : IPluginRegistry
    {
        public List<ITransport> Transports { get; } = [];

        public List<IPeerKind> PeerKinds { get; } = [];

        public void AddTransport(ITransport transport)
        {
            ArgumentNullException.ThrowIfNull(transport);
            if (string.IsNullOrWhiteSpace(transport.Scheme))
            {
                throw new InvalidOperationException($"{pluginName} added a transport with no scheme");
            }

            Transports.Add(transport);
        }

        public void AddPeerKind(IPeerKind peerKind)
        {
            ArgumentNullException.ThrowIfNull(peerKind);
            PeerKinds.Add(peerKind);
        }
    }
}

/// <summary>What one loaded plugin contributes, for <c>harness plugins</c>.</summary>
public sealed record PluginInfo(
    string Name,
    string Folder,
    string Version,
    IReadOnlyList<string> Transports,
    IReadOnlyList<string> PeerKinds);
