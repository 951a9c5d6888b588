using System.Text.Json.Nodes;

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

/// <summary>Exactly N bytes (unframed: the next N bytes, whatever they are; framed: a reply of N bytes).</summary>
public sealed record LengthExpectation(int Length) : Expectation;

/// <summary>A JSON value structurally equal to <see cref="Expected"/> (key order and number spelling do not matter).</summary>
public sealed record JsonExpectation(JsonNode? Expected) : Expectation;

/// <summary>A JSON value with a value at a path; <see cref="Expected"/> unset means the path must merely exist.</summary>
public sealed record JsonPathExpectation(JsonPath Path, JsonNode? Expected, bool CheckValue) : Expectation;

/// <summary>A reply that does NOT satisfy <see cref="Inner"/>; needs a framing so the reply has an end.</summary>
public sealed record NotExpectation(Expectation Inner) : Expectation;
