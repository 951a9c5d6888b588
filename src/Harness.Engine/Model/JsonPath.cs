using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Harness.Engine.Model;

/// <summary>
/// A small JSONPath subset: <c>$</c>, <c>.name</c>, <c>[index]</c> (negative counts from the end) and
/// <c>['name']</c>. Enough to reach one value in a reply; filters and wildcards are not supported.
/// </summary>
public sealed record JsonPath
{
    private readonly object[] _segments;

    private JsonPath(string written, object[] segments)
    {
        Written = written;
        _segments = segments;
    }

    public string Written { get; }

    public override string ToString() => Written;

    /// <summary>Parses a path; on a mistake returns false with the offset and reason.</summary>
    public static bool TryParse(string text, out JsonPath? path, out int errorOffset, out string? error)
    {
        path = null;
        errorOffset = 0;
        error = null;
        if (!text.StartsWith('$'))
        {
            error = "a JSON path starts with $, such as $.user.name";
            return false;
        }

        var segments = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    (errorOffset, error) = (start, "a name must follow '.'");
                    return false;
                }

                segments.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    (errorOffset, error) = (i, "'[' has no closing ']'");
                    return false;
                }

                var inner = text[(i + 1)..close].Trim();
                if (inner.Length >= 2 && (inner[0] is '\'' or '"') && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    (errorOffset, error) = (i, $"[{inner}] is neither an index such as [0] nor a quoted name such as ['name']");
                    return false;
                }

                i = close + 1;
            }
            else
            {
                (errorOffset, error) = (i, $"unexpected '{text[i]}'; expected .name, [index] or ['name']");
                return false;
            }
        }

        path = new JsonPath(text, [.. segments]);
        return true;
    }

    /// <summary>The value at this path, or null with where the path stopped.</summary>
    public JsonElement? Find(JsonElement root, out string? missing)
    {
        var current = root;
        var walked = new StringBuilder("$");
        foreach (var segment in _segments)
        {
            switch (segment)
            {
                case string name when current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child):
                    current = child;
                    walked.Append('.').Append(name);
                    break;
                case int index when current.ValueKind == JsonValueKind.Array && Normalize(index, current.GetArrayLength()) is { } at:
                    current = current[at];
                    walked.Append('[').Append(index).Append(']');
                    break;
                default:
                    missing = $"{walked} has no {(segment is int i ? $"[{i}]" : $"'{segment}'")} (it is {Describe(current)})";
                    return null;
            }
        }

        missing = null;
        return current;
    }

    private static int? Normalize(int index, int length)
    {
        var at = index < 0 ? length + index : index;
        return at >= 0 && at < length ? at : null;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        _ => element.GetRawText(),
    };
}
