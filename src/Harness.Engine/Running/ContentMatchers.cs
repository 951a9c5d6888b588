using System.Text.Json;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>Exactly N bytes: unframed, the next N bytes whatever they hold; over a whole message, a message of N bytes.</summary>
internal sealed class LengthMatcher(int length, bool whole) : IMatcher
{
    public string Expected => $"{length} bytes";

    public long MinimumBytes => length;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        if (whole)
        {
            return data.Length == length ? MatchResult.Match(length) : MatchResult.Fail($"{data.Length} bytes instead of {length}");
        }

        return data.Length >= length ? MatchResult.Match(length)
            : complete ? MatchResult.Fail($"only {data.Length} of {length} bytes arrived")
            : MatchResult.NeedMore;
    }
}

/// <summary>The reply must NOT satisfy the inner matcher; only used over a whole message.</summary>
internal sealed class NotMatcher(IMatcher inner) : IMatcher
{
    public string Expected => "not " + inner.Expected;

    public bool Rescans => inner.Rescans;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete) => inner.Match(data, complete).Status switch
    {
        MatchStatus.Matched => MatchResult.Fail($"it is {inner.Expected}, and must not be"),
        MatchStatus.Mismatch => MatchResult.Match(data.Length),
        _ => complete ? MatchResult.Match(data.Length) : MatchResult.NeedMore,
    };
}

/// <summary>
/// One JSON value, judged once it is complete: unframed, the matcher waits until a whole value has
/// arrived (however TCP splits it) and consumes just that value.
/// </summary>
internal abstract class JsonMatcherBase(bool whole) : IMatcher
{
    public abstract string Expected { get; }

    /// <summary>The reader starts at the value's first byte on every call.</summary>
    public bool Rescans => true;

    public MatchResult Match(ReadOnlySpan<byte> data, bool complete)
    {
        int length;
        try
        {
            var reader = new Utf8JsonReader(data, isFinalBlock: complete || whole, state: default);
            if (!reader.Read() || !reader.TrySkip())
            {
                return complete || whole ? MatchResult.Fail(data.IsEmpty ? "nothing arrived" : "the JSON value is incomplete") : MatchResult.NeedMore;
            }

            length = (int)reader.BytesConsumed;
        }
        catch (JsonException ex)
        {
            return MatchResult.Fail($"not JSON: {ex.Message}");
        }

        if (whole && !data[length..].Trim(" \t\r\n"u8).IsEmpty)
        {
            return MatchResult.Fail("more than one JSON value");
        }

        using var document = JsonDocument.Parse(data[..length].ToArray());
        var problem = Judge(document.RootElement);
        return problem is null ? MatchResult.Match(whole ? data.Length : length) : MatchResult.Fail(problem);
    }

    /// <summary>Null when <paramref name="actual"/> is as expected, or why not.</summary>
    protected abstract string? Judge(JsonElement actual);

    protected static JsonElement ElementOf(System.Text.Json.Nodes.JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }
}

internal sealed class JsonEqualsMatcher(JsonExpectation expectation, bool whole) : JsonMatcherBase(whole)
{
    private readonly JsonElement _expected = ElementOf(expectation.Expected);

    public override string Expected => $"the JSON {_expected.GetRawText()}";

    protected override string? Judge(JsonElement actual) =>
        JsonElement.DeepEquals(_expected, actual) ? null : $"the JSON {Shorten(actual.GetRawText())} differs";

    internal static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

internal sealed class JsonPathMatcher(JsonPathExpectation expectation, bool whole) : JsonMatcherBase(whole)
{
    private readonly JsonElement? _expected = expectation.CheckValue ? ElementOf(expectation.Expected) : null;

    public override string Expected => _expected is { } value ? $"JSON with {expectation.Path} = {value.GetRawText()}" : $"JSON with a value at {expectation.Path}";

    protected override string? Judge(JsonElement actual)
    {
        if (expectation.Path.Find(actual, out var missing) is not { } found)
        {
            return missing;
        }

        return _expected is not { } value || JsonElement.DeepEquals(value, found) ? null
            : $"{expectation.Path} is {JsonEqualsMatcher.Shorten(found.GetRawText())}";
    }
}
