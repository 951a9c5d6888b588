namespace Harness.Abstractions;

/// <summary>
/// A kind of program on the other side of a conversation that a plugin knows how to start,
/// such as a container. A scenario declares a peer as <c>name: { kind: { settings } }</c>.
/// </summary>
public interface IPeerKind
{
    /// <summary>The key that selects this kind in a scenario's peer declaration, such as <c>container</c>.</summary>
    string Name { get; }

    /// <summary>Starts a peer and waits until it is ready, within the cancellation's deadline.</summary>
    /// <param name="request">The peer's name and settings.</param>
    /// <param name="cancellationToken">Cancels the start; the caller uses it for the start timeout.</param>
    /// <returns>The running peer; disposing it stops it and removes what it left.</returns>
    /// <exception cref="PeerStartException">The peer could not be started or never became ready.</exception>
    ValueTask<IRunningPeer> StartAsync(PeerStartRequest request, CancellationToken cancellationToken);
}

/// <summary>What a scenario asks of a peer.</summary>
/// <param name="PeerName">The peer's name in the scenario, such as <c>web</c>.</param>
/// <param name="RunId">An identifier of this harness run, for labelling what the peer creates.</param>
/// <param name="Settings">
/// The settings under the kind's key, as plain values: <see cref="string"/>, a list of values
/// (<see cref="IReadOnlyList{T}"/> of <see cref="object"/>), or a map
/// (<see cref="IReadOnlyDictionary{TKey, TValue}"/> of <see cref="string"/> to <see cref="object"/>),
/// with variables already substituted.
/// </param>
/// <param name="BaseDirectory">The folder of the scenario file, against which relative paths resolve.</param>
public sealed record PeerStartRequest(
    string PeerName,
    string RunId,
    IReadOnlyDictionary<string, object?> Settings,
    string BaseDirectory)
{
    /// <summary>
    /// Whether the files and folders the settings name must lie in the tree of <see cref="BaseDirectory"/>,
    /// symbolic links resolved: true unless the user ran the harness with <c>--allow-outside-files</c>.
    /// </summary>
    public bool FilesConfined { get; init; }
}

/// <summary>A started peer.</summary>
public interface IRunningPeer : IAsyncDisposable
{
    /// <summary>
    /// What a scenario may read as <c>${peers.NAME.KEY}</c>: at least <c>host</c>, <c>port</c> and
    /// <c>endpoint</c> (host:port) when the peer listens, and any others the kind documents
    /// (such as <c>ports.80</c>).
    /// </summary>
    IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>What the peer has printed so far (its output or logs), for a failure report.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The text, possibly empty.</returns>
    ValueTask<string> ReadOutputAsync(CancellationToken cancellationToken);
}

/// <summary>A peer could not be started or did not become ready.</summary>
public sealed class PeerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PeerStartException()
        : this("the peer could not be started")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence for the user: what was tried and what happened.</param>
    public PeerStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence for the user: what was tried and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public PeerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the peer's output.</summary>
    /// <param name="message">A sentence for the user: what was tried and what happened.</param>
    /// <param name="output">What the peer printed before it failed.</param>
    public PeerStartException(string message, string output)
        : base(message) => Output = output;

    /// <summary>What the peer printed before it failed, if anything.</summary>
    public string Output { get; } = string.Empty;
}
