using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Harness.Engine.Tests.Support;

/// <summary>
/// Validates JSON against the subset of JSON Schema that harness.schema.json uses ($ref to definitions, type,
/// const, enum, properties, required, additionalProperties, items, minItems, anyOf, minimum, maximum,
/// pattern). No validator package restores in this environment; a keyword outside the subset fails
/// loudly rather than being ignored, so the schema cannot grow past what is checked here.
/// </summary>
internal sealed class SchemaSubsetValidator(JsonObject root)
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "title", "description", "definitions", "$ref", "type", "const", "enum", "properties", "required",
        "additionalProperties", "items", "minItems", "anyOf", "minimum", "maximum", "pattern",
    ];

    /// <summary>Why <paramref name="value"/> does not conform, or nothing when it does.</summary>
    public IReadOnlyList<string> Validate(JsonNode? value) => Check(root, value, "$");

    private List<string> Check(JsonObject schema, JsonNode? value, string at)
    {
        var unknown = schema.Select(p => p.Key).Where(k => !Known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"schema keyword(s) outside the tested subset: {string.Join(", ", unknown)}");
        }

        var errors = new List<string>();
        if (schema["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Replace("#/definitions/", string.Empty, StringComparison.Ordinal);
            errors.AddRange(Check(root["definitions"]![name]!.AsObject(), value, at));
        }

        if (schema["type"] is { } type)
        {
            var types = type is JsonArray array ? array.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!types.Any(t => IsType(value, t)))
            {
                errors.Add($"{at}: {Kind(value)} is not of type {string.Join("|", types)}");
                return errors;
            }
        }

        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add($"{at}: must be {constant.ToJsonString()}");
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            errors.Add($"{at}: must be one of {values.ToJsonString()}");
        }

        if (Number(value) is { } n)
        {
            if (schema["minimum"] is { } min && n < min.GetValue<double>())
            {
                errors.Add($"{at}: {n} is less than {min}");
            }

            if (schema["maximum"] is { } max && n > max.GetValue<double>())
            {
                errors.Add($"{at}: {n} is more than {max}");
            }
        }

        if (schema["pattern"] is { } pattern && value is JsonValue s && s.TryGetValue<string>(out var text) && !Regex.IsMatch(text, pattern.GetValue<string>()))
        {
            errors.Add($"{at}: '{text}' does not match {pattern}");
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{at}: missing {required}");
                }
            }

            foreach (var (key, child) in obj)
            {
                if (properties?[key] is JsonObject property)
                {
                    errors.AddRange(Check(property, child, $"{at}.{key}"));
                }
                else if (schema["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>())
                {
                    errors.Add($"{at}: unknown key '{key}'");
                }
                else if (schema["additionalProperties"] is JsonObject additionalSchema)
                {
                    errors.AddRange(Check(additionalSchema, child, $"{at}.{key}"));
                }
            }
        }

        if (value is JsonArray list)
        {
            if (schema["minItems"] is { } minItems && list.Count < minItems.GetValue<int>())
            {
                errors.Add($"{at}: fewer than {minItems} items");
            }

            if (schema["items"] is JsonObject items)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    errors.AddRange(Check(items, list[i], $"{at}[{i}]"));
                }
            }
        }

        if (schema["anyOf"] is JsonArray choices)
        {
            var attempts = choices.Select(c => Check(c!.AsObject(), value, at)).ToList();
            if (attempts.All(a => a.Count > 0))
            {
                errors.Add($"{at}: matches none of {choices.Count} choices; nearest: {string.Join("; ", attempts.MinBy(a => a.Count)!)}");
            }
        }

        return errors;
    }

    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        "integer" => Number(value) is { } n && double.IsInteger(n),
        _ => throw new NotSupportedException($"type {type}"),
    };

    private static double? Number(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string Kind(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
}
