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
    public static JsonNode? Convert(YamlNodes nodes, YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(nodes.Text(pair.Key, "a JSON key"), Convert(nodes, pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => Convert(nodes, child)).ToArray()),
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
