using System.Globalization;
using System.Net;
using Harness.Abstractions;
using Harness.Engine.Peers;
using Harness.Engine.Plugins;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>One built-in peer over one transport, on loopback: what the peer fuzzer starts, attacks and checks.</summary>
internal sealed record PeerTarget(string Builtin, string Scheme)
{
    public static readonly string[] Builtins = ["echo", "greet", "ack", "http", "chat", "daytime", "discard", "udp-echo"];

    public static readonly string[] Schemes = ["tcp", "udp", "tcp6", "udp6"];

    public bool IsStream => Scheme.StartsWith("tcp", StringComparison.Ordinal);

    public IPAddress Loopback => Scheme.EndsWith('6') ? IPAddress.IPv6Loopback : IPAddress.Loopback;

    /// <summary>Every pair that makes sense: each peer over each transport, but http over streams only.</summary>
    public static IReadOnlyList<PeerTarget> All() =>
        [.. Builtins.SelectMany(b => Schemes.Select(s => new PeerTarget(b, s))).Where(t => t.Builtin != "http" || t.IsStream)];

    public async Task<BuiltinPeerServer> StartAsync(PluginCatalog catalog, CancellationToken cancellationToken) =>
        await BuiltinPeers.StartAsync(catalog, $"{Builtin}-{Scheme}", Builtin, new TransportAddress(Scheme, Loopback.ToString(), 0), new Dictionary<string, string>(), cancellationToken);

    public static IPEndPoint EndPointOf(BuiltinPeerServer server, PeerTarget target) =>
        new(target.Loopback, int.Parse(server.Variables["port"], CultureInfo.InvariantCulture));

    public override string ToString() => $"{Builtin} over {Scheme}";
}
