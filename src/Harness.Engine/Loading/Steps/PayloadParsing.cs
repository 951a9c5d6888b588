using Harness.Engine.Loading.Syntax;
using Harness.Engine.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>Payloads (text, hex, base64, file, pattern) and length prefixes, shared by <c>send</c> and <c>expect</c>.</summary>
internal sealed partial class StepParser
{
    private Payload Payload(StepFields fields, string what, string expected)
    {
        var (kind, node) = fields.OneOf(Language.PayloadKinds, expected);
        return PayloadOf(kind, node, fields, what);
    }

    private Payload PayloadOf(string kind, YamlNode node, StepFields fields, string what)
    {
        if (kind != "pattern" && fields.Has("size"))
        {
            throw nodes.Error(fields.KeyOf("size"), $"`size` goes with `pattern` (a text repeated to size bytes), not with `{kind}`");
        }

        return kind switch
        {
            "text" => Text(node, what),
            "hex" or "base64" when nodes.Text(node, kind).Contains("${", StringComparison.Ordinal) =>
                new EncodedPayload(ScenarioLoader.ParseTemplate(nodes, node, kind, variables), kind),
            "hex" => Hex(node),
            "base64" => Base64(node),
            "file" => FileBytes(node),
            _ => new PatternPayload(
                ScenarioLoader.ParseTemplate(nodes, node, "pattern", variables),
                nodes.Integer(fields.Required("size", "how many bytes the pattern fills, such as `size: 1048576`"), "size", 1, Language.MaxPatternSize)),
        };
    }

    private TextPayload Text(YamlNode node, string what)
    {
        var scalar = nodes.Scalar(node, what);
        var raw = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.DoubleQuoted && !EscapedText.TryDecode(raw, out raw, out var offset, out var error))
        {
            var at = nodes.At(node);
            throw new ScenarioException(at with { Column = at.Column + ScenarioLoader.QuotedOffset(node) + offset }, $"{what}: {error}");
        }

        return new TextPayload(ScenarioLoader.ParseTemplate(nodes, node, raw, what, variables));
    }

    private BytesPayload Hex(YamlNode node)
    {
        var text = nodes.Text(node, "hex");
        return HexText.TryParse(text, out var bytes, out var error)
            ? new BytesPayload(bytes, text)
            : throw nodes.Error(node, $"hex: {error}");
    }

    private BytesPayload Base64(YamlNode node)
    {
        var text = nodes.Text(node, "base64");
        var buffer = new byte[text.Length];
        return System.Convert.TryFromBase64String(text.Trim(), buffer, out var written)
            ? new BytesPayload(buffer.AsMemory(0, written).ToArray(), text) { Format = "base64" }
            : throw nodes.Error(node, $"base64: '{text}' is not base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)");
    }

    private FilePayload FileBytes(YamlNode node)
    {
        var path = ScenarioLoader.ParseTemplate(nodes, node, "file", variables);
        var payload = new FilePayload(path, folder) { Root = variables.Options.AllowOutsideFiles ? null : folder };
        if (path.Constant is not null)
        {
            var full = payload.FullPath(_ => null);
            if (!System.IO.File.Exists(full))
            {
                throw nodes.Error(node, $"file: no such file '{path.Constant}' (looked for {full}; a relative path starts at the scenario's folder)");
            }

            if (payload.Root is { } root && !FileScope.IsInside(full, root))
            {
                throw nodes.Error(node, $"file: {FileScope.Outside(path.Constant, full, root)}");
            }
        }

        return payload;
    }

    private LengthPrefixFraming Prefix(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return new LengthPrefixFraming(PrefixSize(node), BigEndian: true, IncludesHeader: false);
        }

        var map = new MappingReader(nodes, nodes.Mapping(node, "prefix"), "prefix", Language.PrefixMap.Keys);
        var size = PrefixSize(map.Required("size", "how many bytes the length takes: 1, 2 or 4"));
        var endian = map.Optional("endian") is { } e ? nodes.Text(e, "endian") : "big";
        if (endian is not ("big" or "little"))
        {
            throw nodes.Error(map.Optional("endian")!, $"endian must be big or little, not '{endian}'{Suggestions.Hint(endian, ["big", "little"])}");
        }

        var includes = map.Optional("includes_header") is { } i && nodes.Boolean(i, "includes_header");
        return new LengthPrefixFraming(size, endian == "big", includes);
    }

    private int PrefixSize(YamlNode node)
    {
        var size = nodes.Integer(node, "prefix size", 1, 4);
        return size is 1 or 2 or 4 ? size : throw nodes.Error(node, $"prefix size must be 1, 2 or 4 bytes, not {size}");
    }
}
