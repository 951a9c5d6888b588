using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>Checks the peer that a <c>start</c> step or an output expectation names, at load time.</summary>
internal static class PeerSteps
{
    public static string StartedPeer(YamlNodes nodes, VariableRules variables, YamlNode node)
    {
        var name = nodes.NonEmptyText(node, "start");
        var peer = Known(nodes, variables.Peers, node, name);
        if (!peer.StartsManually)
        {
            throw nodes.Error(node, $"peer '{name}' starts before the steps; declare it with `start: manual` to start it here");
        }

        // Names that steps make (a listener's port, a capture) were taken on trust where the peer is
        // declared; here, where it starts, they must exist.
        foreach (var variable in Variables(peer))
        {
            if (variables.Check(variable) is { } problem)
            {
                throw nodes.Error(node, $"peer '{name}' uses ${{{variable}}}, which does not exist where it starts: {problem}");
            }
        }

        return name;
    }

    private static IEnumerable<string> Variables(PeerDeclaration peer) => peer switch
    {
        ProcessPeerDeclaration process => process.Command
            .Concat(process.Environment.Values)
            .Concat(process.WorkingDirectory is null ? [] : [process.WorkingDirectory])
            .Concat(process.Ready is OutputReadiness output ? [output.Text] : [])
            .SelectMany(template => template.Variables),
        _ => [],
    };

    /// <summary>The named peer, or the scenario's only process peer when none is named.</summary>
    public static string OutputPeer(YamlNodes nodes, IReadOnlyList<PeerDeclaration> peers, YamlNode? peerNode, YamlNode outputNode)
    {
        var processes = peers.OfType<ProcessPeerDeclaration>().ToList();
        if (peerNode is null)
        {
            return processes.Count == 1
                ? processes[0].Name
                : throw nodes.Error(outputNode, processes.Count == 0
                    ? "expect output: the scenario has no process peer whose output could be read"
                    : $"expect output: name the peer whose output to read, such as `peer: {processes[0].Name}`");
        }

        var name = nodes.NonEmptyText(peerNode, "peer");
        return Known(nodes, peers, peerNode, name) is ProcessPeerDeclaration
            ? name
            : throw nodes.Error(peerNode, $"peer '{name}' is not a process peer; only the output of a process peer can be expected");
    }

    private static PeerDeclaration Known(YamlNodes nodes, IReadOnlyList<PeerDeclaration> peers, YamlNode node, string name) =>
        peers.FirstOrDefault(p => p.Name == name)
        ?? throw nodes.Error(node, peers.Count == 0
            ? $"peer '{name}' is not declared; the scenario has no peers"
            : $"peer '{name}' is not declared{Suggestions.Hint(name, peers.Select(p => p.Name).ToList())}");
}
