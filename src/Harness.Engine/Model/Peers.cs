namespace Harness.Engine.Model;

/// <summary>A program on the other side that the harness starts (or merely knows the address of).</summary>
public abstract record PeerDeclaration(string Name, SourceLocation Location);

/// <summary>A peer built into the harness, run in process on a free loopback port unless a port is given.</summary>
public sealed record BuiltinPeerDeclaration(
    string Name,
    SourceLocation Location,
    string Builtin,
    string Transport,
    string Host,
    int Port,
    IReadOnlyDictionary<string, Template> Options) : PeerDeclaration(Name, Location)
{
    /// <summary>The port as written when it names a variable (<c>port: ${peers.a.port}</c>), resolved at start; otherwise null and <see cref="Port"/> holds it.</summary>
    public Template? PortTemplate { get; init; }

    /// <summary>Settings for the transport's listener (<c>options: { v6only: false }</c>), passed to the plugin as text.</summary>
    public IReadOnlyDictionary<string, Template> TransportOptions { get; init; } = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A peer someone else runs: only its address is known.</summary>
public sealed record AddressPeerDeclaration(string Name, SourceLocation Location, Template Address) : PeerDeclaration(Name, Location);

/// <summary>A peer of a kind a plugin contributes, such as <c>container</c>, with its settings as plain values.</summary>
public sealed record PluginPeerDeclaration(
    string Name,
    SourceLocation Location,
    string Kind,
    IReadOnlyDictionary<string, object?> Settings) : PeerDeclaration(Name, Location);
