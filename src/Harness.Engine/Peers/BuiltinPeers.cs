using Harness.Abstractions;
using Harness.Engine.Plugins;

namespace Harness.Engine.Peers;

/// <summary>Starts a built-in peer by name: for a scenario's peers and for <c>harness serve</c> alike.</summary>
internal static class BuiltinPeers
{
    /// <exception cref="PeerStartException">The peer, its transport or an option is wrong, or it cannot listen.</exception>
    public static async Task<BuiltinPeerServer> StartAsync(
        PluginCatalog catalog,
        string peerName,
        string builtin,
        TransportAddress at,
        IReadOnlyDictionary<string, string> options,
        CancellationToken cancellationToken) =>
        await StartAsync(catalog, peerName, builtin, at, options, TransportOptions.None, cancellationToken).ConfigureAwait(false);

    /// <exception cref="PeerStartException">The peer, its transport or an option is wrong, or it cannot listen.</exception>
    public static async Task<BuiltinPeerServer> StartAsync(
        PluginCatalog catalog,
        string peerName,
        string builtin,
        TransportAddress at,
        IReadOnlyDictionary<string, string> options,
        TransportOptions transportOptions,
        CancellationToken cancellationToken)
    {
        if (!BuiltinPeerCatalog.TryGet(builtin, out var descriptor))
        {
            throw new PeerStartException($"peer '{peerName}': there is no built-in peer `{builtin}`; the built-in peers are {string.Join(", ", BuiltinPeerCatalog.Names)}");
        }

        if (!catalog.TryGetTransport(at.Scheme, out var transport))
        {
            throw new PeerStartException($"peer '{peerName}' ({builtin}) needs the '{at.Scheme}' transport: {catalog.ExplainMissingTransport(at.Scheme)}");
        }

        if (!descriptor.Kinds.Contains(transport.Kind))
        {
            throw new PeerStartException($"peer '{peerName}': `{builtin}` does not run over {at.Scheme} ({transport.Kind.ToString().ToLowerInvariant()}s); it needs a {string.Join(" or ", descriptor.Kinds.Select(k => k.ToString().ToLowerInvariant()))} transport");
        }

        foreach (var (name, value) in options)
        {
            if (!descriptor.Options.ContainsKey(name))
            {
                throw new PeerStartException($"peer '{peerName}': `{builtin}` has no option `{name}`" + (descriptor.Options.Count == 0 ? "; it takes none" : $"; its options are {string.Join(", ", descriptor.Options.Keys)}"));
            }

            if (descriptor.Check(name, value) is { } problem)
            {
                throw new PeerStartException($"peer '{peerName}': option `{name}` of `{builtin}`: {problem}");
            }
        }

        var behavior = descriptor.Create(new BuiltinPeerSettings(options));
        try
        {
            return await BuiltinPeerServer.StartAsync(transport, at, transportOptions, behavior, peerName, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new PeerStartException($"peer '{peerName}' ({builtin}): {ex.Message}", ex);
        }
        catch (TransportException ex)
        {
            throw new PeerStartException($"peer '{peerName}' could not start: {ex.Message}", ex);
        }
    }
}
