namespace Harness.Engine.Loading;

/// <summary>What the loader checks scenarios against: the variables that exist, and the peer kinds plugins add.</summary>
public sealed record LoadOptions
{
    /// <summary>Variables from harness.yaml and the command line, by name.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Peer kinds contributed by plugins, such as <c>container</c>.</summary>
    public IReadOnlyCollection<string> PluginPeerKinds { get; init; } = [];

    /// <summary>
    /// Whether a scenario may name files outside its own folder tree (<c>--allow-outside-files</c>); by default
    /// it may not (see <see cref="FileScope"/>).
    /// </summary>
    public bool AllowOutsideFiles { get; init; }

    /// <summary>Reads an environment variable; replaced in tests.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
