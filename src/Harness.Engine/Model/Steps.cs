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

    public override string Describe() => $"connect {Address.Raw}" + (Connection.Length > 0 ? $" as {Connection}" : string.Empty);
}

/// <summary>Send bytes on a connection.</summary>
public sealed record SendStep(SourceLocation Location, Payload Payload, string Connection) : Step(Location)
{
    public override string Keyword => "send";

    public override string Describe() => $"send {Payload.Describe()}" + (Connection.Length > 0 ? $" on {Connection}" : string.Empty);
}

/// <summary>Wait for data on a connection that satisfies an expectation.</summary>
public sealed record ExpectStep(SourceLocation Location, Expectation Expectation, string Connection, TimeSpan? Timeout) : Step(Location)
{
    public override string Keyword => "expect";

    public override string Describe() => "expect " + Expectation switch
    {
        ExactExpectation exact => exact.Expected.Describe(),
        EchoExpectation => "the echo of the last send",
        ContainsExpectation contains => "data containing " + contains.Expected.Describe(),
        RegexExpectation regex => $"a match of /{regex.Pattern.Raw}/",
        ClosedExpectation => "the peer to close",
        OutputExpectation output => $"a line containing \"{output.Text.Raw}\" in the output of peer '{output.Peer}'",
        _ => Expectation.GetType().Name,
    } + (Connection.Length > 0 ? $" on {Connection}" : string.Empty);
}

/// <summary>Close a connection.</summary>
public sealed record CloseStep(SourceLocation Location, string Connection) : Step(Location)
{
    public override string Keyword => "close";

    public override string Describe() => "close" + (Connection.Length > 0 ? $" {Connection}" : string.Empty);
}
