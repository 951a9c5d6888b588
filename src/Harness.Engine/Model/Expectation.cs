namespace Harness.Engine.Model;

/// <summary>What a step expects to receive.</summary>
public abstract record Expectation;

/// <summary>Exactly these bytes next.</summary>
public sealed record ExactExpectation(Payload Expected) : Expectation;

/// <summary>Exactly the bytes of the last send on the same connection.</summary>
public sealed record EchoExpectation : Expectation;

/// <summary>Data that contains these bytes; on a stream, everything up to the end of the match is consumed.</summary>
public sealed record ContainsExpectation(Payload Expected) : Expectation;

/// <summary>Text that matches a regular expression; on a stream, everything up to the end of the match is consumed.</summary>
public sealed record RegexExpectation(Template Pattern) : Expectation;

/// <summary>The peer closes its side: end of stream with nothing more to read.</summary>
public sealed record ClosedExpectation : Expectation;

/// <summary>No byte (stream) or datagram arrives within <paramref name="Within"/>; a peer's close is not data.</summary>
public sealed record NothingExpectation(TimeSpan Within) : Expectation;
