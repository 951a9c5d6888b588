namespace Harness.Engine.Model;

/// <summary>A program on the other side that the harness starts (or merely knows the address of).</summary>
public abstract record PeerDeclaration(string Name, SourceLocation Location)
{
    /// <summary>
    /// Whether the peer waits for a <c>start</c> step instead of starting before the steps (<c>start: manual</c>),
    /// such as a client program that must connect to a listener the steps open first.
    /// </summary>
    public bool StartsManually { get; init; }
}

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
    IReadOnlyDictionary<string, object?> Settings) : PeerDeclaration(Name, Location)
{
    /// <summary>Whether the files the settings name must lie in the scenario's folder tree (false with <c>--allow-outside-files</c>).</summary>
    public bool FilesConfined { get; init; }
}

/// <summary>
/// A local program the harness starts, watches and stops: a command as an argument list (through
/// <c>/bin/sh -c</c> only when <see cref="Shell"/> is set), with its folder, environment, readiness check
/// and, when it listens, the port it listens on (<see cref="Port"/> 0 means "pick a free one").
/// </summary>
public sealed record ProcessPeerDeclaration(
    string Name,
    SourceLocation Location,
    IReadOnlyList<Template> Command,
    bool Shell,
    Template? WorkingDirectory,
    IReadOnlyDictionary<string, Template> Environment,
    string? Host,
    int? Port,
    Readiness Ready,
    TimeSpan? Timeout,
    TimeSpan? Grace) : PeerDeclaration(Name, Location)
{
    /// <summary>
    /// Whether the program, the working folder and the arguments naming files must lie in the scenario's folder
    /// tree; false when <c>--allow-outside-files</c> lifts the limit.
    /// </summary>
    public bool FilesConfined { get; init; }
}

/// <summary>How the harness knows a process peer is ready.</summary>
public abstract record Readiness;

/// <summary>Ready at once (the program is started and has not exited).</summary>
public sealed record ImmediateReadiness : Readiness;

/// <summary>Ready when a TCP connection to the port succeeds; <see cref="Port"/> null means the peer's own port.</summary>
public sealed record PortReadiness(int? Port) : Readiness;

/// <summary>Ready when a line of the program's output (stdout or stderr) contains the text.</summary>
public sealed record OutputReadiness(Template Text) : Readiness;

/// <summary>Ready after a fixed delay, if the program is still running then.</summary>
public sealed record DelayReadiness(TimeSpan Delay) : Readiness;
