using Harness.Abstractions;
using Harness.Engine.Model;

namespace Harness.Engine.Peers;

/// <summary>A peer someone else runs: the harness knows its address and nothing more.</summary>
internal sealed class AddressPeer : IRunningPeer
{
    private AddressPeer(Dictionary<string, string> variables) => Variables = variables;

    public IReadOnlyDictionary<string, string> Variables { get; }

    public static AddressPeer From(AddressPeerDeclaration declaration, Func<string, string?> lookup)
    {
        var text = declaration.Address.Render(lookup);
        if (!TransportAddress.TryParse(text, out var address, out var error))
        {
            throw new PeerStartException($"peer '{declaration.Name}': {error}");
        }

        var variables = PeerVariables.For(address.Host, address.Port);
        variables["scheme"] = address.Scheme;
        variables["address"] = address.ToString();
        return new AddressPeer(variables);
    }

    public ValueTask<string> ReadOutputAsync(CancellationToken cancellationToken) => ValueTask.FromResult(string.Empty);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
