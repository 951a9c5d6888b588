namespace Harness.Engine.Loading.Syntax;

/// <summary>
/// The scenario language as data: every top-level key, step, field and nested mapping. The loader
/// checks keys against these tables, <see cref="SchemaGenerator"/> turns them into the JSON Schema,
/// and the reference-page test reads them; add a field here first.
/// </summary>
internal static class Language
{
    private static ScalarShape Text(string summary) => new(ScalarKind.Text, summary);

    private static ScalarShape Duration(string summary) => new(ScalarKind.Duration, summary);

    private static ScalarShape Integer(string summary, int min, int max) => new(ScalarKind.Integer, summary, min, max);

    private static ScalarShape True(string summary) => new(ScalarKind.True, summary);

    private static FieldSyntax F(string name, Shape shape) => new(name, shape);

    /// <summary>The largest pattern payload: it is built in memory, like the receive buffer (64 MiB by default).</summary>
    public const int MaxPatternSize = 64 * 1024 * 1024;

    public static readonly FieldSyntax On = F("on", Text("the connection to use, named by `as` of `connect` or `accept` (default: the unnamed one)"));

    public static readonly FieldSyntax Timeout = F("timeout", Duration("how long to wait (default: `defaults` in harness.yaml)"));

    /// <summary>The ways to write bytes, shared by <c>send</c> and exact <c>expect</c>.</summary>
    public static readonly IReadOnlyList<FieldSyntax> PayloadFields =
    [
        F("text", Text(@"UTF-8 text; double quotes take YAML escapes, other styles \r \n \t \0 \\ \xHH \u{HHHH}")),
        F("hex", Text("bytes as hex digit pairs, spaces or colons allowed: `de ad be ef`")),
        F("base64", Text("bytes in base64")),
        F("file", Text("the bytes of a file, relative to the scenario's folder")),
        F("pattern", Text("text repeated to `size` bytes, for large transfers")),
        F("size", Integer("how many bytes of `pattern` (at most 64 MiB)", 1, MaxPatternSize)),
    ];

    public static readonly string[] PayloadKinds = ["text", "hex", "base64", "file", "pattern"];

    public static readonly MapShape PrefixMap = new(
        "a length prefix before the bytes",
        [
            F("size", Integer("bytes in the prefix: 1, 2 or 4", 1, 4)),
            F("endian", new ScalarShape(ScalarKind.Text, "byte order of the prefix (default big)", Values: ["big", "little"])),
            F("includes_header", new ScalarShape(ScalarKind.Boolean, "whether the length counts the prefix itself (default false)")),
        ],
        Required: ["size"]);

    public static readonly FieldSyntax Prefix = F("prefix", new AnyOfShape(
        "a length prefix (1, 2 or 4 bytes, big endian unless `endian: little`); the short form is the size",
        [Integer("bytes in the prefix: 1, 2 or 4", 1, 4), PrefixMap]));

    public static readonly MapShape DelimiterMap = new(
        "a delimiter written as text or hex",
        [F("text", Text("the delimiter as text")), F("hex", Text("the delimiter as hex"))]);

    /// <summary>How a reply ends; without one, <c>expect</c> reads until its expectation can decide.</summary>
    public static readonly IReadOnlyList<FieldSyntax> FramingFields =
    [
        F("until", new AnyOfShape(
            "framing: the reply ends at this delimiter (not part of the reply), or `close`: when the peer closes",
            [Text("a delimiter such as \"\\n\", or close"), DelimiterMap])),
        Prefix,
        F("bytes", Integer("framing: the reply is the next N bytes", 1, 1 << 30)),
    ];

    public static readonly MapShape JsonPathMap = new(
        "a JSON path ($, .name, [index], ['name']) and the value it must hold",
        [F("path", Text("the JSON path, such as $.user.name")), F("equals", new AnyValueShape("the value found there (omit: it must exist)"))],
        Required: ["path"]);

    public static readonly FieldSyntax JsonPath = F("jsonpath", new AnyOfShape(
        "a JSON reply with a value at a path; the short form only checks that the path exists", [Text("a JSON path"), JsonPathMap]));

    /// <summary>Expectations about content, allowed inside <c>not</c>.</summary>
    public static readonly IReadOnlyList<FieldSyntax> ContentExpectations =
    [
        F("contains", Text("data containing this text")),
        F("regex", Text("text matching this regular expression")),
        F("json", new AnyValueShape("a JSON value equal to this one (compared structurally)")),
        JsonPath,
    ];

    public static readonly MapShape NotMap = new(
        "the reply must NOT satisfy this expectation (needs a framing)",
        [.. PayloadFields.Where(f => f.Name != "file"), .. ContentExpectations]);

    public static readonly string[] ExpectationKinds =
        [.. PayloadKinds, "echo", "contains", "regex", "length", "closed", "nothing", "json", "jsonpath", "not", "output"];

    public static readonly MapShape CaptureSource = new(
        "where a captured value comes from: a regex group or a JSON path",
        [
            F("regex", Text("a regular expression over the reply")),
            F("group", Text("the group to take: a number or a name (default 1, or 0 when there are no groups)")),
            F("jsonpath", Text("a JSON path into the reply")),
        ]);

    /// <summary>The faults of one direction; written directly under <c>faults</c> they apply both ways.</summary>
    public static readonly IReadOnlyList<FieldSyntax> DirectionFaultFields =
    [
        F("chunk", Integer("split what passes into pieces of at most N bytes, each written on its own (streams)", 1, 1 << 20)),
        F("delay", Duration("the pause between two pieces of `chunk` (default 10ms)")),
        F("latency", Duration("hold everything this long before it passes")),
        F("jitter", Duration("add a random amount, up to this much either way, to the latency of each piece")),
        F("bandwidth", Text("at most this many bytes a second pass, such as 64KiB/s or 1MB/s")),
        F("stall", new ScalarShape(ScalarKind.Boolean, "nothing passes: bytes or datagrams are swallowed (a close still passes)")),
        F("close_after", new AnyOfShape("close the connection, both sides, after this many bytes pass this way (100, 1KiB) or this long (2s) (streams)",
            [Integer("bytes", 0, int.MaxValue), Text("a size such as 1KiB, or a duration such as 2s")])),
        F("reset_after", new AnyOfShape("reset the connection, both sides, after this many bytes pass this way (100, 1KiB) or this long (2s) (streams)",
            [Integer("bytes", 0, int.MaxValue), Text("a size such as 1KiB, or a duration such as 2s")])),
        F("drop", Text("the chance a datagram is lost, such as 10% or 0.1 (datagrams)")),
        F("duplicate", Text("the chance a datagram arrives twice, such as 5% (datagrams)")),
        F("reorder", Text("the chance a datagram is held back and passes after the next one (at most 250 ms later), such as 10% (datagrams)")),
    ];

    /// <summary><c>faults:</c> on a scenario (every connection) or a <c>connect</c> (that one; <c>faults: {}</c> for none).</summary>
    public static readonly MapShape FaultsMap = new(
        "faults a proxy puts between the connection and its peer; fields written here apply both ways",
        [
            .. DirectionFaultFields,
            F("send", new MapShape("faults on what the harness sends, on its way to the peer", DirectionFaultFields)),
            F("receive", new MapShape("faults on what the peer sends, on its way back", DirectionFaultFields)),
            F("seed", Integer("seeds the random choices (jitter, drop, duplicate, reorder), so a run repeats exactly (default 1)", 0, int.MaxValue)),
        ]);

    private static readonly FieldSyntax OptionsField = F("options", new DictionaryShape("transport options, by name", Text("an option value")));

    public static readonly IReadOnlyList<StepSyntax> Steps =
    [
        new("connect", "open a connection; the URI scheme picks the transport",
        [
            F("to", Text("the address, such as tcp://${peers.server.endpoint}")),
            F("as", Text("a name for the connection, for `on:` in later steps")),
            Timeout,
            OptionsField,
            F("faults", FaultsMap),
        ]),
        new("send", "send bytes on a connection",
        [
            .. PayloadFields,
            Prefix,
            On,
        ]),
        new("expect", "wait for data that satisfies one expectation",
        [
            .. PayloadFields,
            F("echo", True("exactly the bytes of the last send on this connection")),
            .. ContentExpectations.Take(2),
            F("length", Integer("exactly N bytes (with a framing: a reply of N bytes)", 0, 1 << 30)),
            F("closed", True("the peer closes its side, with nothing more to read")),
            F("nothing", Duration("no byte (stream) or datagram arrives for this long; takes no `timeout`")),
            .. ContentExpectations.Skip(2),
            F("not", NotMap),
            .. FramingFields,
            F("within", Duration("a latency bound, from the last send on this connection (or from the step's start)")),
            F("capture", new DictionaryShape("variables to set from the reply, by name", CaptureSource)),
            F("from", Text("the address the data must come from (datagrams), such as ${peers.server.endpoint}")),
            F("output", Text("a new line of a process peer's output containing this text (not a connection's data)")),
            F("peer", Text("the process peer whose output `output` reads (default: the only process peer)")),
            On,
            Timeout,
        ]),
        new("close", "close a connection", [On], Bare: true),
        new("start", "start a peer declared with `start: manual`, its settings resolved with the values that exist now",
        [
            F("peer", Text("the peer's name")),
        ]),
        new("shutdown", "half-close: stop sending (the peer reads end of stream), keep receiving", [On], Bare: true),
        new("sleep", "wait, doing nothing", [F("for", Duration("how long"))]),
        new("repeat", "run steps several times, or once per item of a list",
        [
            F("times", Integer("how many times", 1, 1_000_000)),
            F("over", new ListShape("the items, one run each", Text("an item"))),
            F("as", Text("the variable holding the item (or the 1-based count); default `item`")),
            F("steps", new StepListShape("the steps to repeat")),
        ]),
        new("listen", "play the server: listen for connections (port 0 picks a free one)",
        [
            F("at", Text("the local address, such as tcp://127.0.0.1:0")),
            F("as", Text("the listener's name, for `accept` and ${listeners.NAME.port}")),
            OptionsField,
            F("faults", FaultsMap),
        ]),
        new("accept", "wait for a client to connect to a listener",
        [
            F("on", Text("the listener, named by `as` of `listen` (default: the only one)")),
            F("as", Text("a name for the accepted connection (default: the unnamed one)")),
            Timeout,
        ], Bare: true),
    ];

    public static readonly IReadOnlyDictionary<string, StepSyntax> StepsByKeyword = Steps.ToDictionary(s => s.Keyword, StringComparer.Ordinal);

    /// <summary><c>load: { thresholds: ... }</c>: what <c>harness load</c> checks; any broken one ends it with exit 1.</summary>
    public static readonly MapShape LoadMap = new(
        "settings for `harness load`",
        [
            F("thresholds", new MapShape(
                "limits that end `harness load` with exit 1 when broken; latency limits apply to every step",
                [
                    F("p50", Duration("the median latency of every step must be at most this")),
                    F("p90", Duration("the 90th percentile latency of every step must be at most this")),
                    F("p99", Duration("the 99th percentile latency of every step must be at most this")),
                    F("p99.9", Duration("the 99.9th percentile latency of every step must be at most this")),
                    F("max", Duration("no step may take longer than this")),
                    F("error_rate", Text("the largest share of failed iterations, such as 0.1% (default 0%: none may fail)")),
                ])),
        ]);

    public static readonly MapShape ScenarioMap = new(
        "one scenario",
        [
            F("name", Text("the scenario's name")),
            F("description", Text("what it checks, for people")),
            F("tags", new AnyOfShape("labels for filtering", [Text("one tag"), new ListShape("tags", Text("a tag"))])),
            F("timeout", Duration("the whole scenario's limit (default: `defaults.scenarioTimeout` in harness.yaml)")),
            F("parallel", new ScalarShape(ScalarKind.Boolean, "whether it may run beside other scenarios (default: decided by the runner; false for fixed ports and others' servers)")),
            F("clients", Integer("run the steps as N concurrent clients, each with its own connections and variables", 1, 10_000)),
            F("peers", new DictionaryShape("the programs on the other side, by name", new MapShape(
                "a peer: `builtin: NAME` (in process), `address: URI` (run by someone else), or a plugin's kind",
                [F("builtin", Text("the built-in peer")), F("address", Text("where the peer listens")),
                 F("process", new AnyValueShape("a local program: command, shell, cwd, env, host, port, ready, timeout, grace")),
                 F("start", new ScalarShape(ScalarKind.Text, "`auto` (before the steps, the default) or `manual` (at a `start` step)", Values: ["auto", "manual"])),
                 F("transport", Text("the transport of a built-in peer")),
                 F("host", Text("the host a built-in peer binds")),
                 F("port", new AnyOfShape("the port a built-in peer binds (0: any free one), or a ${peers...} variable", [Integer("a port", 0, 65535), Text("a variable such as ${peers.a.port}")])),
                 F("options", new DictionaryShape("transport options of a built-in peer's listener, such as v6only", Text("an option value")))],
                Open: true))),
            F("steps", new StepListShape("the conversation")),
            F("faults", FaultsMap),
            F("vars", new DictionaryShape("default values of variables, by name (harness.yaml `vars` and --var override them)", Text("a value"))),
            F("load", LoadMap),
        ],
        Required: ["name", "steps"]);
}
