using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// A YAML value as JSON, with YAML's core-schema typing: plain <c>42</c>, <c>true</c> and <c>null</c>
/// are a number, a boolean and null; quoted scalars are always strings.
/// </summary>
internal static class YamlJson
{
    /// <summary>How deep a value may nest (an alias that refers to itself is refused earlier, by <see cref="GuardedParser"/>).</summary>
    public const int MaxDepth = 64;

    public static JsonNode? Convert(YamlNodes nodes, YamlNode node, int depth = 0) => depth > MaxDepth
        ? throw nodes.Error(node, $"the value nests more than {MaxDepth} levels deep")
        : node switch
        {
            YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
                KeyValuePair.Create(nodes.Text(pair.Key, "a JSON key"), Convert(nodes, pair.Value, depth + 1)))),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => Convert(nodes, child, depth + 1)).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw nodes.Error(node, "aliases are not supported in JSON values"),
        };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
