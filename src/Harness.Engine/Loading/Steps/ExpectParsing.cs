using Harness.Engine.Loading.Syntax;
using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>The <c>expect</c> step: one expectation, an optional framing, a latency bound and captures.</summary>
internal sealed partial class StepParser
{
    private static readonly string[] FramingKinds = ["until", "prefix", "bytes"];

    /// <summary>Fields of a connection expectation that an <c>output</c> expectation has no use for.</summary>
    private static readonly string[] OutputIgnores = ["on", "from", "within", "capture", .. FramingKinds];

    private ExpectStep ParseExpect(SourceLocation location, StepFields fields)
    {
        var framing = Framing(fields);
        var expectation = Expectation(fields, ExpectKinds, "what to expect: " + string.Join(", ", ExpectKinds));
        if (expectation is NotExpectation && framing is null)
        {
            throw nodes.Error(fields.KeyOf("not"), "`not` needs a framing (`until`, `prefix` or `bytes`) so that the reply has an end; otherwise any later byte could still match");
        }

        if (expectation is ClosedExpectation && framing is not null)
        {
            throw nodes.Error(fields.KeyOf(FramingKinds.First(fields.Has)), "`closed: true` takes no framing: it expects the end of the stream itself");
        }

        if (expectation is NothingExpectation && fields.Optional("timeout") is { } ignored)
        {
            throw nodes.Error(ignored, "`nothing` carries its own duration (`nothing: 500ms`); drop `timeout`");
        }

        if (expectation is OutputExpectation && OutputIgnores.FirstOrDefault(fields.Has) is { } idle)
        {
            throw nodes.Error(fields.KeyOf(idle), $"`{idle}` does not apply to `output`, which waits for a line a peer prints; name the peer with `peer`");
        }

        if (expectation is not OutputExpectation && fields.Has("peer"))
        {
            throw nodes.Error(fields.KeyOf("peer"), "`peer` goes with `output` (a line a peer prints); a connection is named with `on`");
        }

        var timeout = fields.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        var from = fields.Optional("from") is { } f ? ScenarioLoader.ParseTemplate(nodes, f, "from", variables) : null;
        var within = fields.Optional("within") is { } w ? nodes.Duration(w, "within") : (TimeSpan?)null;
        var connection = expectation is OutputExpectation ? Connections.Default : Connection(fields);
        var captures = fields.Optional("capture") is { } c ? Captures(c) : [];
        foreach (var capture in captures)
        {
            variables.Declare(capture.Name);
        }

        return new ExpectStep(location, expectation, connection, timeout) { Framing = framing, Within = within, Captures = captures, From = from };
    }

    private Expectation Expectation(StepFields fields, IReadOnlyList<string> kinds, string expected)
    {
        var (kind, node) = fields.OneOf(kinds, expected);
        return kind switch
        {
            "text" or "hex" or "base64" or "file" or "pattern" => new ExactExpectation(PayloadOf(kind, node, fields, "expect")),
            "contains" => new ContainsExpectation(Text(node, "contains")),
            "regex" => new RegexExpectation(Regex(node, "regex")),
            "echo" => True(node, "echo", "the echo of the last send") ? new EchoExpectation() : throw new InvalidOperationException(),
            "closed" => True(node, "closed", "the peer to close") ? new ClosedExpectation() : throw new InvalidOperationException(),
            "nothing" => new NothingExpectation(nodes.Duration(node, "nothing")),
            "output" => new OutputExpectation(
                ScenarioLoader.ParseTemplate(nodes, node, "output", variables), PeerSteps.OutputPeer(nodes, variables.Peers, fields.Optional("peer"), node)),
            "length" => new LengthExpectation(nodes.Integer(node, "length", 0, 1 << 30)),
            "json" => new JsonExpectation(YamlJson.Convert(nodes, node)),
            "jsonpath" => JsonPathExpectation(node),
            _ => Not(node),
        };
    }

    private NotExpectation Not(YamlNode node)
    {
        var mapping = nodes.Mapping(node, "not");
        var allowed = Language.NotMap.Keys;
        var entries = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (k, v) in mapping.Children)
        {
            var name = nodes.Text(k, "a field of `not`");
            if (!allowed.Contains(name))
            {
                throw nodes.Error(k, $"unknown field `{name}` in `not`{Suggestions.Hint(name, allowed)}");
            }

            entries[name] = (k, v);
        }

        var inner = new StepFields(nodes, "not", node, entries);
        var kinds = allowed.Where(k => k != "size").ToList();
        return new NotExpectation(Expectation(inner, kinds, "what must not arrive: " + string.Join(", ", kinds)));
    }

    private JsonPathExpectation JsonPathExpectation(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return new JsonPathExpectation(JsonPathOf(node), null, CheckValue: false);
        }

        var map = new MappingReader(nodes, nodes.Mapping(node, "jsonpath"), "jsonpath", Language.JsonPathMap.Keys);
        var path = JsonPathOf(map.Required("path", "a JSON path such as $.user.name"));
        return map.Optional("equals") is { } equals
            ? new JsonPathExpectation(path, YamlJson.Convert(nodes, equals), CheckValue: true)
            : new JsonPathExpectation(path, null, CheckValue: false);
    }

    private JsonPath JsonPathOf(YamlNode node)
    {
        var text = nodes.NonEmptyText(node, "jsonpath");
        if (JsonPath.TryParse(text, out var path, out var offset, out var error))
        {
            return path!;
        }

        var at = nodes.At(node);
        throw new ScenarioException(at with { Column = at.Column + ScenarioLoader.QuotedOffset(node) + offset }, $"jsonpath: {error}");
    }

    private bool True(YamlNode node, string field, string meaning) =>
        nodes.Boolean(node, field) ? true : throw nodes.Error(node, $"`{field}: false` means nothing; write `{field}: true` to expect {meaning}");

    private Template Regex(YamlNode node, string what)
    {
        var template = ScenarioLoader.ParseTemplate(nodes, node, what, variables);
        if (template.Constant is { } pattern)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw nodes.Error(node, $"{what}: '{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        return template;
    }

    private Framing? Framing(StepFields fields)
    {
        switch (fields.AtMostOne(FramingKinds))
        {
            case null:
                return null;
            case ("prefix", var node):
                return Prefix(node);
            case ("bytes", var node):
                return new FixedLengthFraming(nodes.Integer(node, "bytes", 1, 1 << 30));
            case (_, YamlScalarNode { Value: "close", Style: YamlDotNet.Core.ScalarStyle.Plain }):
                return new CloseFraming();
            case (_, YamlMappingNode mapping):
            {
                var map = new MappingReader(nodes, mapping, "until", Language.DelimiterMap.Keys);
                var (kind, node) = map.Keys.Count() == 1 ? (map.Keys.Single(), map.Optional(map.Keys.Single())!)
                    : throw nodes.Error(mapping, "until: give the delimiter as one of `text` or `hex`");
                var bytes = kind == "hex" ? Hex(node).Bytes : Text(node, "until").Resolve(_ => null);
                return bytes.Length > 0 ? new DelimiterFraming(bytes, nodes.Text(node, kind)) : throw nodes.Error(node, "until: the delimiter is empty");
            }

            case (_, YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } word } node) when word != "close" && Suggestions.Nearest(word, ["close"]) is not null:
                throw nodes.Error(node, $"until: '{word}' would be a delimiter; did you mean `close`? (quote it, `until: \"{word}\"`, to use the text as a delimiter)");
            case (_, var node):
            {
                var text = Text(node, "until");
                if (!text.Text.IsConstant)
                {
                    throw nodes.Error(node, "until: a delimiter cannot hold variables");
                }

                var bytes = text.Resolve(_ => null);
                return bytes.Length > 0
                    ? new DelimiterFraming(bytes, Printable(text.Text.Constant!))
                    : throw nodes.Error(node, "until: the delimiter is empty; write `until: \"\\n\"`, `until: { hex: 00 }` or `until: close`");
            }
        }
    }

    private static string Printable(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal) + "\"";

    private List<Capture> Captures(YamlNode node)
    {
        var captures = new List<Capture>();
        foreach (var (keyNode, value) in nodes.Mapping(node, "capture").Children)
        {
            var name = Name(keyNode, "a capture's name");
            if (VariableRules.ReservedPrefixes.Contains(name))
            {
                throw nodes.Error(keyNode, $"capture: '{name}' is reserved for ${{{name}.…}} variables; choose another name");
            }

            if (value is YamlScalarNode)
            {
                throw nodes.Error(value, $"capture `{name}` needs a source, such as `{name}: {{ regex: \"id=(\\\\d+)\" }}` or `{name}: {{ jsonpath: $.id }}`");
            }

            var map = new MappingReader(nodes, nodes.Mapping(value, $"capture `{name}`"), $"capture `{name}`", Language.CaptureSource.Keys);
            var location = nodes.At(keyNode);
            if (map.Optional("jsonpath") is { } path)
            {
                if (map.Optional("regex") is not null || map.Optional("group") is not null)
                {
                    throw nodes.Error(map.KeyNode(map.Optional("regex") is null ? "group" : "regex"), $"capture `{name}` has both `jsonpath` and a regex; give one");
                }

                captures.Add(new Capture(name, location, null, null, JsonPathOf(path)));
            }
            else
            {
                var regex = Regex(map.Required("regex", "a regular expression with a group, or `jsonpath`"), "regex");
                var groupNode = map.Optional("group");
                var group = groupNode is null ? null : nodes.NonEmptyText(groupNode, "group");
                if (regex.Constant is { } pattern && group is not null)
                {
                    var compiled = new System.Text.RegularExpressions.Regex(pattern);
                    if (compiled.GroupNumberFromName(group) < 0 && !(int.TryParse(group, out var number) && number >= 0 && number < compiled.GetGroupNumbers().Length))
                    {
                        throw nodes.Error(groupNode!, $"capture `{name}`: the regex has no group '{group}'");
                    }
                }

                captures.Add(new Capture(name, location, regex, group, null));
            }
        }

        return captures;
    }
}
