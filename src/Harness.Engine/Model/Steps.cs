namespace Harness.Engine.Model;

/// <summary>One step of a scenario. Steps are immutable; running them is the runner's job.</summary>
public abstract record Step(SourceLocation Location)
{
    /// <summary>The key the step is written with, such as <c>expect</c>.</summary>
    public abstract string Keyword { get; }

    /// <summary>A one-line description for reports.</summary>
    public abstract string Describe();
}

/// <summary>The name of the connection a step uses when none is given.</summary>
public static class Connections
{
    public const string Default = "";

    public static string Display(string name) => name.Length == 0 ? "the connection" : $"connection '{name}'";
}

/// <summary>Open a connection to an address; the scheme picks the transport.</summary>
public sealed record ConnectStep(
    SourceLocation Location,
    Template Address,
    string Connection,
    TimeSpan? Timeout,
    IReadOnlyDictionary<string, Template> Options) : Step(Location)
{
    public override string Keyword => "connect";

    /// <summary>The faults the connection goes through (its own, or the scenario's), or null for a plain connection.</summary>
    public FaultPlan? Faults { get; init; }

    public override string Describe() => $"connect {Address.Raw}" + (Connection.Length > 0 ? $" as {Connection}" : string.Empty)
        + (Faults is null ? string.Empty : $" through faults ({Faults.Describe()})");
}

/// <summary>Send bytes on a connection.</summary>
public sealed record SendStep(SourceLocation Location, Payload Payload, string Connection) : Step(Location)
{
    public override string Keyword => "send";

    /// <summary>A length prefix written before the payload, if the protocol frames messages so.</summary>
    public LengthPrefixFraming? Prefix { get; init; }

    public override string Describe() => $"send {Payload.Describe()}"
        + (Prefix is null ? string.Empty : $" with a {Prefix.Describe()}")
        + (Connection.Length > 0 ? $" on {Connection}" : string.Empty);
}

/// <summary>Wait for data on a connection that satisfies an expectation.</summary>
public sealed record ExpectStep(SourceLocation Location, Expectation Expectation, string Connection, TimeSpan? Timeout) : Step(Location)
{
    public override string Keyword => "expect";

    /// <summary>Where the data must come from (<c>from: 127.0.0.1:9000</c>), or null for anywhere.</summary>
    public Template? From { get; init; }

    /// <summary>How the reply ends; null means "read until the expectation can decide".</summary>
    public Framing? Framing { get; init; }

    /// <summary>A latency bound, measured from the last send on the connection (or the step's start when nothing was sent).</summary>
    public TimeSpan? Within { get; init; }

    /// <summary>Variables set from the reply when it matches.</summary>
    public IReadOnlyList<Capture> Captures { get; init; } = [];

    public override string Describe() => "expect " + DescribeExpectation(Expectation)
        + (Framing is null ? string.Empty : $" ({Framing.Describe()})")
        + (Within is { } within ? $" within {Loading.Durations.Format(within)}" : string.Empty)
        + (From is null ? string.Empty : $" from {From.Raw}")
        + (Connection.Length > 0 ? $" on {Connection}" : string.Empty);

    public static string DescribeExpectation(Expectation expectation) => expectation switch
    {
        ExactExpectation exact => exact.Expected.Describe(),
        EchoExpectation => "the echo of the last send",
        ContainsExpectation contains => "data containing " + contains.Expected.Describe(),
        RegexExpectation regex => $"a match of /{regex.Pattern.Raw}/",
        ClosedExpectation => "the peer to close",
        NothingExpectation nothing => $"nothing for {Loading.Durations.Format(nothing.Within)}",
        LengthExpectation length => $"{length.Length} bytes",
        JsonExpectation json => "the JSON " + (json.Expected?.ToJsonString() ?? "null"),
        JsonPathExpectation path => path.CheckValue ? $"JSON with {path.Path} = {path.Expected?.ToJsonString() ?? "null"}" : $"JSON with {path.Path}",
        NotExpectation not => "not " + DescribeExpectation(not.Inner),
        OutputExpectation output => $"a line containing \"{output.Text.Raw}\" in the output of peer '{output.Peer}'",
        _ => expectation.GetType().Name,
    };
}

/// <summary>A variable set from a reply: a regex group, or the value at a JSON path.</summary>
public sealed record Capture(string Name, SourceLocation Location, Template? Regex, string? Group, JsonPath? Path);

/// <summary>Half-close: stop sending (the peer reads end of stream) and keep receiving.</summary>
public sealed record ShutdownStep(SourceLocation Location, string Connection) : Step(Location)
{
    public override string Keyword => "shutdown";

    public override string Describe() => "shutdown sending" + (Connection.Length > 0 ? $" on {Connection}" : string.Empty);
}

/// <summary>Wait, doing nothing.</summary>
public sealed record SleepStep(SourceLocation Location, TimeSpan Duration) : Step(Location)
{
    public override string Keyword => "sleep";

    public override string Describe() => $"sleep {Loading.Durations.Format(Duration)}";
}

/// <summary>Run steps <see cref="Times"/> times, or once per item of <see cref="Over"/>, with the item (or count) in <see cref="Variable"/>.</summary>
public sealed record RepeatStep(SourceLocation Location, int? Times, IReadOnlyList<Template>? Over, string Variable, IReadOnlyList<Step> Steps) : Step(Location)
{
    public override string Keyword => "repeat";

    public override string Describe() => Times is { } times ? $"repeat {times} times" : $"repeat over {Over!.Count} items";
}

/// <summary>Play the server: listen on a local address.</summary>
public sealed record ListenStep(SourceLocation Location, Template Address, string Name, IReadOnlyDictionary<string, Template> Options) : Step(Location)
{
    public override string Keyword => "listen";

    /// <summary>The faults every accepted client goes through (the step's own, or the scenario's), or null for none.</summary>
    public FaultPlan? Faults { get; init; }

    public override string Describe() => $"listen on {Address.Raw} as {Name}" + (Faults is null ? string.Empty : $" through faults ({Faults.Describe()})");
}

/// <summary>Wait for a client to connect to a listener, and name the connection.</summary>
public sealed record AcceptStep(SourceLocation Location, string Listener, string Connection, TimeSpan? Timeout) : Step(Location)
{
    public override string Keyword => "accept";

    public override string Describe() => $"accept on {Listener}" + (Connection.Length > 0 ? $" as {Connection}" : string.Empty);
}

/// <summary>Close a connection.</summary>
public sealed record CloseStep(SourceLocation Location, string Connection) : Step(Location)
{
    public override string Keyword => "close";

    public override string Describe() => "close" + (Connection.Length > 0 ? $" {Connection}" : string.Empty);
}
