using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Engine.Loading.Syntax;

/// <summary>
/// The JSON Schema (draft-07, which every editor plugin reads) of scenario files, generated from <see cref="Language"/>, the same
/// tables the loader checks keys against. Editors use it (yaml-language-server) to complete and check
/// scenarios; `harness schema` prints it and the repository ships it as harness.schema.json.
/// </summary>
public static class SchemaGenerator
{
    public const string DurationPattern = @"^[0-9]+(\.[0-9]+)?(ms|s|m|min|h)$";

    public static string Generate()
    {
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Harness scenario",
            ["description"] = "A conversation over a socket, run by `harness run`. See docs/reference.md.",
            ["definitions"] = new JsonObject
            {
                ["steps"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["items"] = new JsonObject { ["$ref"] = "#/definitions/step" },
                },
                ["step"] = Step(),
                ["duration"] = new JsonObject { ["type"] = "string", ["pattern"] = DurationPattern },
            },
        };
        var scenario = Map(Language.ScenarioMap);
        foreach (var key in scenario.Select(pair => pair.Key).ToList())
        {
            var value = scenario[key];
            scenario.Remove(key);
            schema[key] = value;
        }

        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Step()
    {
        var choices = new JsonArray();
        foreach (var step in Language.Steps)
        {
            if (step.Bare)
            {
                choices.Add(new JsonObject { ["const"] = step.Keyword, ["description"] = step.Summary });
            }

            var fields = new JsonObject();
            foreach (var field in step.Fields)
            {
                fields[field.Name] = Of(field.Shape);
            }

            // The keyword holds the short form (the first field), a mapping of the fields, or nothing;
            // the fields may also sit beside the keyword.
            var keywordChoices = new JsonArray
            {
                Of(step.Fields[0].Shape),
                new JsonObject { ["type"] = "object", ["properties"] = fields.DeepClone(), ["additionalProperties"] = false },
                new JsonObject { ["type"] = "null" },
            };
            var properties = new JsonObject { [step.Keyword] = new JsonObject { ["description"] = step.Summary, ["anyOf"] = keywordChoices } };
            foreach (var (name, shape) in fields)
            {
                properties[name] = shape!.DeepClone();
            }

            choices.Add(new JsonObject
            {
                ["type"] = "object",
                ["description"] = step.Summary,
                ["required"] = new JsonArray(step.Keyword),
                ["properties"] = properties,
                ["additionalProperties"] = false,
            });
        }

        return new JsonObject { ["anyOf"] = choices };
    }

    private static JsonObject Of(Shape shape)
    {
        var result = shape switch
        {
            ScalarShape scalar => Scalar(scalar),
            MapShape map => Map(map),
            DictionaryShape dictionary => new JsonObject { ["type"] = "object", ["additionalProperties"] = Of(dictionary.Values) },
            ListShape list => new JsonObject { ["type"] = "array", ["items"] = Of(list.Items) },
            AnyOfShape anyOf => new JsonObject { ["anyOf"] = new JsonArray([.. anyOf.Choices.Select(c => (JsonNode)Of(c))]) },
            StepListShape => new JsonObject { ["$ref"] = "#/definitions/steps" },
            AnyValueShape => [],
            _ => throw new InvalidOperationException($"no schema for {shape.GetType().Name}"),
        };
        result["description"] = shape.Summary;
        return result;
    }

    private static JsonObject Scalar(ScalarShape scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Duration:
                return new JsonObject { ["$ref"] = "#/definitions/duration" };
            case ScalarKind.True:
                return new JsonObject { ["const"] = true };
            case ScalarKind.Boolean:
                return new JsonObject { ["type"] = "boolean" };
            case ScalarKind.Integer:
                var integer = new JsonObject { ["type"] = "integer" };
                if (scalar.Minimum is { } min)
                {
                    integer["minimum"] = min;
                }

                if (scalar.Maximum is { } max)
                {
                    integer["maximum"] = max;
                }

                return integer;
            default:
                if (scalar.Values is { } values)
                {
                    return new JsonObject { ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };
                }

                // The loader takes a YAML number or boolean as its text (`send: 42` sends "42").
                return new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
        }
    }

    private static JsonObject Map(MapShape map)
    {
        var properties = new JsonObject();
        foreach (var field in map.Fields)
        {
            properties[field.Name] = Of(field.Shape);
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (map.Required is { Count: > 0 } required)
        {
            result["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        if (!map.Open)
        {
            result["additionalProperties"] = false;
        }

        return result;
    }
}
