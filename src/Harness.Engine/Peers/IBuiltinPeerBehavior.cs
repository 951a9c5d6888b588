using Harness.Abstractions;

namespace Harness.Engine.Peers;

/// <summary>What a built-in peer does with each accepted connection, over whatever transport it was given.</summary>
internal interface IBuiltinPeerBehavior
{
    Task ServeStreamAsync(IStreamConnection connection, CancellationToken cancellationToken);

    Task ServeDatagramAsync(IDatagramConnection connection, CancellationToken cancellationToken);
}

/// <summary>A built-in peer's options as written in the scenario, variables resolved.</summary>
internal sealed record BuiltinPeerSettings(IReadOnlyDictionary<string, string> Options)
{
    public string Get(string name, string fallback) => Options.TryGetValue(name, out var value) ? value : fallback;
}
