using System.Globalization;
using Harness.Abstractions;
using Harness.Engine.Peers.Builtin;

namespace Harness.Engine.Peers;

/// <summary>One option of a built-in peer: its default, what it means, and how to tell a bad value.</summary>
internal sealed record BuiltinPeerOption(string Name, string Default, string Summary, Func<string, string?>? Check = null);

/// <summary>
/// A peer built into the harness: its name, what it does, the options it takes, and the transport kinds it
/// makes sense over. <see cref="Create"/> is called once per running peer, so a behaviour's fields are that
/// peer's shared state (the chat room's members), never shared between two peers.
/// </summary>
internal sealed record BuiltinPeerDescriptor(
    string Name,
    string Summary,
    string DefaultTransport,
    IReadOnlyList<BuiltinPeerOption> OptionList,
    IReadOnlyList<TransportKind> Kinds,
    Func<BuiltinPeerSettings, IBuiltinPeerBehavior> Create)
{
    public IReadOnlyDictionary<string, string> Options { get; } =
        OptionList.ToDictionary(o => o.Name, o => o.Summary, StringComparer.Ordinal);

    /// <summary>Why <paramref name="value"/> is not valid for option <paramref name="name"/>, or null when it is.</summary>
    public string? Check(string name, string value) =>
        OptionList.FirstOrDefault(o => o.Name == name)?.Check?.Invoke(value);
}

/// <summary>The built-in peers, by name.</summary>
internal static class BuiltinPeerCatalog
{
    private static readonly TransportKind[] Both = [TransportKind.Stream, TransportKind.Datagram];

    private static readonly BuiltinPeerOption[] EchoOptions =
    [
        new("delay", "0ms", "wait this long before sending back what arrived, such as 50ms (a slow server)",
            v => Loading.Durations.TryParse(v, out _) ? null : "must be a duration such as 50ms"),
    ];

    private static readonly Dictionary<string, BuiltinPeerDescriptor> ByName = new[]
    {
        new BuiltinPeerDescriptor(
            "echo",
            "sends back every byte (stream) or datagram it receives",
            "tcp",
            EchoOptions,
            Both,
            settings => new EchoBehavior(EchoBehavior.Delay(settings))),

        // The echo peer over udp by default: the embedded server for datagram scenarios.
        new BuiltinPeerDescriptor(
            "udp-echo",
            "sends back every datagram it receives, as one datagram, to its sender (udp unless transport says udp6)",
            "udp",
            EchoOptions,
            Both,
            settings => new EchoBehavior(EchoBehavior.Delay(settings))),
        new BuiltinPeerDescriptor(
            "greet",
            "sends a greeting when a client connects, then closes (datagrams: answers each one with it)",
            "tcp",
            [new BuiltinPeerOption("message", GreetBehavior.DefaultMessage, "the greeting")],
            Both,
            s => new GreetBehavior(s.Get("message", GreetBehavior.DefaultMessage))),
        new BuiltinPeerDescriptor(
            "ack",
            "reads one message (up to `until`), replies with an acknowledgement, then closes (datagrams: acknowledges each one)",
            "tcp",
            [
                new BuiltinPeerOption("message", AckBehavior.DefaultMessage, "the acknowledgement"),
                new BuiltinPeerOption("until", AckBehavior.DefaultUntil, "where a message ends on a stream; empty: the first bytes that arrive"),
            ],
            Both,
            s => new AckBehavior(s.Get("message", AckBehavior.DefaultMessage), s.Get("until", AckBehavior.DefaultUntil))),
        new BuiltinPeerDescriptor(
            "http",
            "a small HTTP/1.1 server: GET and HEAD of `path` answer `status` with `body`",
            "tcp",
            [
                new BuiltinPeerOption("status", "200", "the status code of the answer", CheckStatus),
                new BuiltinPeerOption("body", HttpPeerOptions.DefaultBody, "the body of the answer"),
                new BuiltinPeerOption("content-type", HttpPeerOptions.DefaultContentType, "the Content-Type of the answer"),
                new BuiltinPeerOption("path", "/", "the path that answers; other paths get 404", v => v.StartsWith('/') ? null : "must start with /"),
            ],
            [TransportKind.Stream],
            s => new HttpBehavior(
                new HttpPeerOptions(
                    int.Parse(s.Get("status", "200"), NumberStyles.None, CultureInfo.InvariantCulture),
                    s.Get("body", HttpPeerOptions.DefaultBody),
                    s.Get("content-type", HttpPeerOptions.DefaultContentType),
                    s.Get("path", "/")),
                TimeProvider.System)),
        new BuiltinPeerDescriptor(
            "chat",
            "relays each line one client sends to all the other clients (datagrams: each datagram)",
            "tcp",
            [],
            Both,
            _ => new ChatBehavior()),
        new BuiltinPeerDescriptor(
            "daytime",
            "the daytime service (RFC 867): sends the date and time in UTC, then closes",
            "tcp",
            [],
            Both,
            _ => new DaytimeBehavior(TimeProvider.System)),
        new BuiltinPeerDescriptor(
            "discard",
            "the discard service (RFC 863): reads everything, answers nothing",
            "tcp",
            [],
            Both,
            _ => new DiscardBehavior()),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static IEnumerable<BuiltinPeerDescriptor> All => ByName.Values;

    public static bool TryGet(string name, out BuiltinPeerDescriptor descriptor) => ByName.TryGetValue(name, out descriptor!);

    private static string? CheckStatus(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599
            ? null
            : $"'{value}' is not an HTTP status code from 100 to 599";
}
