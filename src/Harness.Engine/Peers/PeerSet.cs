using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Peers.Processes;
using Harness.Engine.Plugins;
using Harness.Engine.Running;

namespace Harness.Engine.Peers;

/// <summary>The running peers of one scenario: started before its steps, stopped after them whatever happened.</summary>
internal sealed class PeerSet : IAsyncDisposable
{
    private readonly List<(string Name, IRunningPeer Peer)> _running = [];
    private readonly Scenario _scenario;
    private readonly PluginCatalog _catalog;
    private readonly RunSettings _settings;

    private PeerSet(Scenario scenario, PluginCatalog catalog, RunSettings settings)
    {
        _scenario = scenario;
        _catalog = catalog;
        _settings = settings;
    }

    /// <summary>Values for <c>${peers.NAME.KEY}</c>, keyed <c>peers.NAME.KEY</c>.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts every peer of <paramref name="scenario"/>; on failure stops those already started and throws.</summary>
    /// <exception cref="PeerStartException">A peer could not start; the message names it.</exception>
    public static async Task<PeerSet> StartAsync(
        Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        var set = new PeerSet(scenario, catalog, settings);

        // A peer's settings may name the values of the peers started before it (port: ${peers.a.port}).
        string? Lookup(string name) => set.Variables.TryGetValue(name, out var value) ? value : lookup(name);
        try
        {
            foreach (var declaration in scenario.Peers.Where(p => !p.StartsManually))
            {
                await set.StartAsync(declaration, Lookup, cancellationToken).ConfigureAwait(false);
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a peer declared with <c>start: manual</c>, its settings resolved with the values that exist now.</summary>
    /// <exception cref="PeerStartException">It could not start, or it is not a manual peer, or it already runs.</exception>
    public async Task StartDeferredAsync(string name, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        var declaration = _scenario.Peers.FirstOrDefault(p => p.Name == name)
            ?? throw new PeerStartException($"the scenario declares no peer '{name}'");
        if (_running.Any(r => r.Name == name))
        {
            throw new PeerStartException($"peer '{name}' is already running");
        }

        await StartAsync(declaration, lookup, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The running peer called <paramref name="name"/>, if it runs.</summary>
    public IRunningPeer? Find(string name) => _running.FirstOrDefault(r => r.Name == name).Peer;

    public async Task<IReadOnlyList<PeerOutput>> ReadOutputsAsync(CancellationToken cancellationToken)
    {
        var outputs = new List<PeerOutput>();
        foreach (var (name, peer) in _running)
        {
            try
            {
                var text = await peer.ReadOutputAsync(cancellationToken).ConfigureAwait(false);
                if (text.Length > 0)
                {
                    outputs.Add(new PeerOutput(name, text));
                }
            }
#pragma warning disable CA1031 // Reading a peer's output is best effort: a report without it beats no report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outputs.Add(new PeerOutput(name, $"(its output could not be read: {ex.Message})"));
            }
        }

        return outputs;
    }

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse order of start: a later peer may depend on an earlier one.
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            try
            {
                await _running[i].Peer.DisposeAsync().AsTask().WaitAsync(_settings.PeerStopTimeout).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One peer failing to stop must not keep the others running.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _running.Clear();
    }

    private async Task StartAsync(PeerDeclaration declaration, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        IRunningPeer? peer;
        try
        {
            // Peers started earlier in this set are visible to later ones before the runner sees any of them.
            string? Lookup(string key) => Variables.TryGetValue(key, out var value) ? value : lookup(key);
            peer = await StartOneAsync(declaration, _scenario, _catalog, _settings, Lookup, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerStartException ex)
        {
            // Lets the report label the output with the peer's name.
            ex.Data[PeerNameKey] = declaration.Name;
            throw;
        }

        if (peer is not null)
        {
            _running.Add((declaration.Name, peer));
            foreach (var (key, value) in peer.Variables)
            {
                Variables[$"peers.{declaration.Name}.{key}"] = value;
            }
        }
    }

    /// <summary>The key of <see cref="Exception.Data"/> holding the name of the peer a <see cref="PeerStartException"/> is about.</summary>
    public const string PeerNameKey = "harness.peer";

    private static async Task<IRunningPeer?> StartOneAsync(
        PeerDeclaration declaration, Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        // A process peer's own timeout bounds its start; the outer one only guards against a wait it forgot.
        var limit = declaration is ProcessPeerDeclaration { Timeout: { } own } ? own : settings.PeerStartTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit + TimeSpan.FromSeconds(5));
        try
        {
            return declaration switch
            {
                ProcessPeerDeclaration process => await ProcessPeer.StartAsync(process, BaseDirectory(scenario), settings.RunId, lookup, limit, timeout.Token).ConfigureAwait(false),
                BuiltinPeerDeclaration builtin => await StartBuiltinAsync(builtin, catalog, lookup, timeout.Token).ConfigureAwait(false),
                AddressPeerDeclaration address => AddressPeer.From(address, lookup),
                PluginPeerDeclaration plugin => await StartPluginAsync(plugin, scenario, catalog, settings, lookup, timeout.Token).ConfigureAwait(false),
                _ => throw new PeerStartException($"peer '{declaration.Name}': unsupported declaration {declaration.GetType().Name}"),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerStartException($"peer '{declaration.Name}' did not become ready within {Durations.Format(limit)}");
        }
        catch (TransportException ex)
        {
            throw new PeerStartException($"peer '{declaration.Name}' could not start: {ex.Message}", ex);
        }
        catch (KeyNotFoundException ex)
        {
            // A setting uses a value that does not exist yet, such as a peer that starts later.
            throw new PeerStartException($"peer '{declaration.Name}' could not start: {ex.Message}", ex);
        }
    }

    private static string BaseDirectory(Scenario scenario) =>
        Path.GetDirectoryName(Path.GetFullPath(scenario.FilePath)) ?? Environment.CurrentDirectory;

    private static async Task<IRunningPeer> StartBuiltinAsync(
        BuiltinPeerDeclaration declaration, PluginCatalog catalog, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        var options = declaration.Options.ToDictionary(pair => pair.Key, pair => pair.Value.Render(lookup), StringComparer.Ordinal);
        var port = declaration.Port;
        if (declaration.PortTemplate is { } portTemplate)
        {
            var text = portTemplate.Render(lookup);
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                throw new PeerStartException($"peer '{declaration.Name}': port {portTemplate.Raw} is '{text}', not a port number");
            }
        }

        var transportOptions = new TransportOptions(declaration.TransportOptions.ToDictionary(
            pair => pair.Key, pair => pair.Value.Render(lookup), StringComparer.OrdinalIgnoreCase));
        var at = new TransportAddress(declaration.Transport, declaration.Host, port);
        return await BuiltinPeers.StartAsync(catalog, declaration.Name, declaration.Builtin, at, options, transportOptions, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IRunningPeer> StartPluginAsync(
        PluginPeerDeclaration declaration, Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        if (!catalog.TryGetPeerKind(declaration.Kind, out var kind))
        {
            throw new PeerStartException($"peer '{declaration.Name}' is of kind '{declaration.Kind}', which no loaded plugin provides");
        }

        var request = new PeerStartRequest(declaration.Name, settings.RunId, SettingsResolver.Resolve(declaration.Settings, lookup), BaseDirectory(scenario))
        {
            FilesConfined = declaration.FilesConfined,
        };
        return await kind.StartAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
