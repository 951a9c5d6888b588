using System.Text;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// What a well-behaved server would answer to one request (<see cref="Full"/>), what a hostile one sends before
/// it closes or resets half-way (<see cref="Part"/>, a beginning of the full reply), and what a flooding one sends
/// before its endless filler (<see cref="FloodHead"/>, chosen so that the filler never completes the reply).
/// </summary>
internal sealed record HostileReply(byte[] Full, byte[] Part, byte[] FloodHead)
{
    public static HostileReply Empty { get; } = new([], [], []);

    public static HostileReply Text(string full, string part, string? floodHead = null) =>
        new(Encoding.UTF8.GetBytes(full), Encoding.UTF8.GetBytes(part), Encoding.UTF8.GetBytes(floodHead ?? part));
}

/// <summary>
/// One expectation a hostile peer can fool, with the reply that would satisfy it: a scenario asks for that reply
/// by sending its <see cref="Name"/> on a line, and the server misbehaves around it.
/// </summary>
internal sealed record HostileExpectation(string Name, string Expect, HostileReply Reply)
{
    /// <summary>The ten expectations, each waiting for its reply in its own way.</summary>
    public static IReadOnlyList<HostileExpectation> All { get; } =
    [
        new("text", "text: \"hello, world\\n\"", HostileReply.Text("hello, world\n", "hello, ")),
        new("contains", "contains: \"world\"", HostileReply.Text("hello, world\n", "hello, ")),
        new("regex", "regex: \"wor+ld\"", HostileReply.Text("hello, world\n", "hello, ")),
        new("until", "text: \"hello, world\", until: \"\\n\"", HostileReply.Text("hello, world\n", "hello, ")),
        // A 4-byte prefix, so that the flood can announce a gigabyte (0x40000000) that never fits.
        new("prefix", "text: \"hello, world\", prefix: 4", new(
            [0, 0, 0, 12, .. "hello, world"u8], [0, 0, 0, 12, .. "hello, "u8], [0x40, 0, 0, 0])),
        new("json", "json: { ok: true }", HostileReply.Text("{\"ok\": true}", "{\"ok\": ", "{\"ok\": \"")),
        new("closed", "closed: true", HostileReply.Empty),
        new("nothing", "nothing: 500ms", HostileReply.Empty),
        new("length", "length: 12", HostileReply.Text("hello, world", "hello, ")),
        new("until-close", "text: \"hello, world\\n\", until: close", HostileReply.Text("hello, world\n", "hello, ")),
    ];

    public static IReadOnlyDictionary<string, HostileReply> Replies { get; } = All.ToDictionary(e => e.Name, e => e.Reply, StringComparer.Ordinal);

    /// <summary>
    /// A scenario document that connects to the server, asks for this expectation's reply, and waits for it with
    /// <paramref name="timeout"/> (the connect too). Names are "TRANSPORT BEHAVIOUR NAME", for the JSON report.
    /// </summary>
    public string Scenario(string behaviour, string transport, int port, TimeSpan timeout)
    {
        var wait = Name == "nothing" ? string.Empty : $"\n    timeout: {timeout.TotalMilliseconds:0}ms";
        return $$"""
            name: {{transport}} {{behaviour}} {{Name}}
            parallel: true
            timeout: 30s
            peers:
              server: { address: "{{transport}}://127.0.0.1:{{port}}" }
            steps:
              - connect: { to: "{{transport}}://${peers.server.endpoint}", timeout: {{timeout.TotalMilliseconds:0}}ms }
              - send: "{{Name}}\n"
              - expect: { {{Expect}} }{{wait}}
            """;
    }
}
