using Harness.Abstractions;
using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Plugins;
using Harness.Engine.Running;

namespace Harness.Engine.Peers;

/// <summary>The running peers of one scenario: started before its steps, stopped after them whatever happened.</summary>
internal sealed class PeerSet : IAsyncDisposable
{
    private readonly List<(string Name, IRunningPeer Peer)> _running = [];
    private readonly RunSettings _settings;

    private PeerSet(RunSettings settings) => _settings = settings;

    /// <summary>Values for <c>${peers.NAME.KEY}</c>, keyed <c>peers.NAME.KEY</c>.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts every peer of <paramref name="scenario"/>; on failure stops those already started and throws.</summary>
    /// <exception cref="PeerStartException">A peer could not start; the message names it.</exception>
    public static async Task<PeerSet> StartAsync(
        Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        var set = new PeerSet(settings);
        try
        {
            foreach (var declaration in scenario.Peers)
            {
                var peer = await StartOneAsync(declaration, scenario, catalog, settings, lookup, cancellationToken).ConfigureAwait(false);
                if (peer is not null)
                {
                    set._running.Add((declaration.Name, peer));
                    foreach (var (key, value) in peer.Variables)
                    {
                        set.Variables[$"peers.{declaration.Name}.{key}"] = value;
                    }
                }
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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

    private static async Task<IRunningPeer?> StartOneAsync(
        PeerDeclaration declaration, Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PeerStartTimeout);
        try
        {
            return declaration switch
            {
                BuiltinPeerDeclaration builtin => await StartBuiltinAsync(builtin, catalog, lookup, timeout.Token).ConfigureAwait(false),
                AddressPeerDeclaration address => AddressPeer.From(address, lookup),
                PluginPeerDeclaration plugin => await StartPluginAsync(plugin, scenario, catalog, settings, lookup, timeout.Token).ConfigureAwait(false),
                _ => throw new PeerStartException($"peer '{declaration.Name}': unsupported declaration {declaration.GetType().Name}"),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PeerStartException($"peer '{declaration.Name}' did not become ready within {Durations.Format(settings.PeerStartTimeout)}");
        }
        catch (TransportException ex)
        {
            throw new PeerStartException($"peer '{declaration.Name}' could not start: {ex.Message}", ex);
        }
    }

    private static async Task<IRunningPeer> StartBuiltinAsync(
        BuiltinPeerDeclaration declaration, PluginCatalog catalog, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        var options = declaration.Options.ToDictionary(pair => pair.Key, pair => pair.Value.Render(lookup), StringComparer.Ordinal);
        var at = new TransportAddress(declaration.Transport, declaration.Host, declaration.Port);
        return await BuiltinPeers.StartAsync(catalog, declaration.Name, declaration.Builtin, at, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IRunningPeer> StartPluginAsync(
        PluginPeerDeclaration declaration, Scenario scenario, PluginCatalog catalog, RunSettings settings, Func<string, string?> lookup, CancellationToken cancellationToken)
    {
        if (!catalog.TryGetPeerKind(declaration.Kind, out var kind))
        {
            throw new PeerStartException($"peer '{declaration.Name}' is of kind '{declaration.Kind}', which no loaded plugin provides");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(scenario.FilePath)) ?? Environment.CurrentDirectory;
        var request = new PeerStartRequest(declaration.Name, settings.RunId, SettingsResolver.Resolve(declaration.Settings, lookup), baseDirectory);
        return await kind.StartAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
