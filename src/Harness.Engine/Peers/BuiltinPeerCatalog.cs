namespace Harness.Engine.Peers;

/// <summary>A peer built into the harness: its name, what it does, and the options it takes.</summary>
internal sealed record BuiltinPeerDescriptor(
    string Name,
    string Summary,
    string DefaultTransport,
    IReadOnlyDictionary<string, string> Options,
    Func<BuiltinPeerSettings, IBuiltinPeerBehavior> Create);

/// <summary>The built-in peers, by name.</summary>
internal static class BuiltinPeerCatalog
{
    private static readonly Dictionary<string, string> EchoOptions = new(StringComparer.Ordinal)
    {
        ["delay"] = "wait this long before sending back what arrived, such as 50ms (a slow server)",
    };

    private static readonly Dictionary<string, BuiltinPeerDescriptor> ByName = new[]
    {
        new BuiltinPeerDescriptor(
            "echo",
            "sends back every byte (stream) or datagram it receives",
            "tcp",
            EchoOptions,
            settings => new EchoBehavior(EchoBehavior.Delay(settings))),

        // The echo peer over udp by default: the embedded server for datagram scenarios.
        new BuiltinPeerDescriptor(
            "udp-echo",
            "sends back every datagram it receives, as one datagram, to its sender (udp unless transport says udp6)",
            "udp",
            EchoOptions,
            settings => new EchoBehavior(EchoBehavior.Delay(settings))),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static IEnumerable<BuiltinPeerDescriptor> All => ByName.Values;

    public static bool TryGet(string name, out BuiltinPeerDescriptor descriptor) => ByName.TryGetValue(name, out descriptor!);
}
