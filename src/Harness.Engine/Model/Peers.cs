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
    IReadOnlyDictionary<string, Template> Options) : PeerDeclaration(Name, Location);

/// <summary>A peer someone else runs: only its address is known.</summary>
public sealed record AddressPeerDeclaration(string Name, SourceLocation Location, Template Address) : PeerDeclaration(Name, Location);

/// <summary>A peer of a kind a plugin contributes, such as <c>container</c>, with its settings as plain values.</summary>
public sealed record PluginPeerDeclaration(
    string Name,
    SourceLocation Location,
    string Kind,
    IReadOnlyDictionary<string, object?> Settings) : PeerDeclaration(Name, Location);
