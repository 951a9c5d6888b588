using Harness.Engine.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// Parses the <c>steps</c> list. A step is one list item keyed by its keyword; the keyword holds a
/// short form (<c>send: "hi"</c>) or a mapping of fields (<c>expect: { regex: "^OK" }</c>), and the
/// fields may also sit beside the keyword (<c>on: alice</c>, <c>timeout: 2s</c>).
/// </summary>
internal sealed class StepParser(YamlNodes nodes, VariableRules variables)
{
    /// <summary>Every step keyword with the fields it takes; the first field is what the short form sets.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["connect"] = ["to", "as", "timeout", "options"],
        ["send"] = ["text", "hex", "on"],
        ["expect"] = ["text", "hex", "echo", "contains", "regex", "closed", "output", "peer", "on", "timeout"],
        ["close"] = ["on"],
        ["start"] = ["peer"],
    };

    internal static readonly string[] ExpectKinds = ["text", "hex", "echo", "contains", "regex", "closed", "output"];

    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);

    public IReadOnlyList<Step> ParseSteps(YamlSequenceNode sequence)
    {
        if (sequence.Children.Count == 0)
        {
            throw nodes.Error(sequence, "steps is empty; a scenario needs at least one step, such as `- connect: tcp://${peers.server.endpoint}`");
        }

        return sequence.Children.Select(ParseStep).ToList();
    }

    private Step ParseStep(YamlNode item)
    {
        var (keyword, keywordNode, fields) = Split(item);
        var location = nodes.At(keywordNode);
        return keyword switch
        {
            "connect" => ParseConnect(location, fields, keywordNode),
            "send" => ParseSend(location, fields, keywordNode),
            "expect" => ParseExpect(location, fields, keywordNode),
            "close" => new CloseStep(location, Connection(fields)),
            "start" => new StartStep(location, PeerSteps.StartedPeer(nodes, variables.Peers, fields.Required("peer", "the name of a peer declared with `start: manual`"))),
            _ => throw nodes.Error(keywordNode, $"unknown step `{keyword}`"),
        };
    }

    private (string Keyword, YamlNode KeywordNode, StepFields Fields) Split(YamlNode item)
    {
        var keywords = Fields.Keys.ToList();
        if (item is YamlScalarNode scalar)
        {
            var word = scalar.Value ?? string.Empty;
            if (word == "close")
            {
                return (word, item, new StepFields(nodes, word, item, []));
            }

            throw nodes.Error(item, keywords.Contains(word)
                ? $"step `{word}` needs a value, such as `- {word}: ...`"
                : $"a step must be a mapping such as `- send: \"Hello\"`, not '{word}'{Suggestions.Hint(word, keywords)}");
        }

        var mapping = nodes.Mapping(item, "a step");
        var present = mapping.Children.Where(pair => keywords.Contains(nodes.Text(pair.Key, "a step keyword"))).ToList();
        if (present.Count == 0)
        {
            var first = mapping.Children.Keys.FirstOrDefault() ?? item;
            var word = nodes.Text(first, "a step keyword");
            throw nodes.Error(first, $"unknown step `{word}`{Suggestions.Hint(word, keywords)}");
        }

        if (present.Count > 1)
        {
            throw nodes.Error(present[1].Key, $"one list item holds two steps, `{nodes.Text(present[0].Key, "")}` and `{nodes.Text(present[1].Key, "")}`; start each step with its own '- '");
        }

        var (keyNode, value) = present[0];
        var keyword = nodes.Text(keyNode, "a step keyword");
        var allowed = Fields[keyword];
        var entries = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        if (value is YamlMappingNode inner)
        {
            foreach (var (k, v) in inner.Children)
            {
                Add(entries, keyword, allowed, k, v);
            }
        }
        else if (!YamlNodes.IsNull(value))
        {
            entries[allowed[0]] = (keyNode, value);
        }

        foreach (var (k, v) in mapping.Children.Where(pair => !ReferenceEquals(pair.Key, keyNode)))
        {
            Add(entries, keyword, allowed, k, v);
        }

        return (keyword, keyNode, new StepFields(nodes, keyword, keyNode, entries));
    }

    private void Add(Dictionary<string, (YamlNode, YamlNode)> entries, string keyword, string[] allowed, YamlNode key, YamlNode value)
    {
        var name = nodes.Text(key, $"a field of `{keyword}`");
        if (!allowed.Contains(name))
        {
            throw nodes.Error(key, $"unknown field `{name}` in step `{keyword}`{Suggestions.Hint(name, allowed)}");
        }

        if (!entries.TryAdd(name, (key, value)))
        {
            throw nodes.Error(key, $"field `{name}` is given twice in step `{keyword}`");
        }
    }

    private ConnectStep ParseConnect(SourceLocation location, StepFields fields, YamlNode keywordNode)
    {
        var to = fields.Required("to", "an address such as tcp://${peers.server.endpoint}");
        var address = ScenarioLoader.ParseTemplate(nodes, to, "connect", variables);
        var name = fields.Optional("as") is { } asNode ? nodes.NonEmptyText(asNode, "as") : Connections.Default;
        _opened.Add(name);
        var timeout = fields.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        var options = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase);
        if (fields.Optional("options") is { } optionsNode)
        {
            foreach (var (k, v) in nodes.Mapping(optionsNode, "options").Children)
            {
                var key = nodes.NonEmptyText(k, "an option name");
                options[key] = ScenarioLoader.ParseTemplate(nodes, v, $"option {key}", variables);
            }
        }

        _ = keywordNode;
        return new ConnectStep(location, address, name, timeout, options);
    }

    private SendStep ParseSend(SourceLocation location, StepFields fields, YamlNode keywordNode)
    {
        var payload = fields.OneOf(["text", "hex"], "what to send: text or hex") switch
        {
            ("text", var node) => (Payload)Text(node, "send"),
            (_, var node) => Hex(node),
        };
        _ = keywordNode;
        return new SendStep(location, payload, Connection(fields));
    }

    private ExpectStep ParseExpect(SourceLocation location, StepFields fields, YamlNode keywordNode)
    {
        Expectation expectation = fields.OneOf(ExpectKinds, "what to expect: " + string.Join(", ", ExpectKinds)) switch
        {
            ("text", var node) => new ExactExpectation(Text(node, "expect")),
            ("hex", var node) => new ExactExpectation(Hex(node)),
            ("contains", var node) => new ContainsExpectation(Text(node, "contains")),
            ("regex", var node) => new RegexExpectation(Regex(node)),
            ("output", var node) => new OutputExpectation(
                ScenarioLoader.ParseTemplate(nodes, node, "output", variables), PeerSteps.OutputPeer(nodes, variables.Peers, fields.Optional("peer"), node)),
            ("echo", var node) => True(node, "echo", "the echo of the last send") ? new EchoExpectation() : throw new InvalidOperationException(),
            (_, var node) => True(node, "closed", "the peer to close") ? new ClosedExpectation() : throw new InvalidOperationException(),
        };
        var timeout = fields.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        _ = keywordNode;
        return new ExpectStep(location, expectation, Connection(fields), timeout);
    }

    private bool True(YamlNode node, string field, string meaning) =>
        nodes.Boolean(node, field) ? true : throw nodes.Error(node, $"`{field}: false` means nothing; write `{field}: true` to expect {meaning}");

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

    private Template Regex(YamlNode node)
    {
        var template = ScenarioLoader.ParseTemplate(nodes, node, "regex", variables);
        if (template.Constant is { } pattern)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw nodes.Error(node, $"regex: '{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        return template;
    }

    private string Connection(StepFields fields)
    {
        if (fields.Optional("on") is not { } node)
        {
            return Connections.Default;
        }

        var name = nodes.NonEmptyText(node, "on");
        if (!_opened.Contains(name))
        {
            var hint = _opened.Any(n => n.Length > 0) ? Suggestions.Hint(name, _opened.Where(n => n.Length > 0).ToList()) : string.Empty;
            throw nodes.Error(node, $"connection '{name}' is not opened by an earlier `connect` with `as: {name}`{hint}");
        }

        return name;
    }
}

/// <summary>The fields of one step, however they were written.</summary>
internal sealed class StepFields(YamlNodes nodes, string keyword, YamlNode keywordNode, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
{
    public YamlNode? Optional(string field) => entries.TryGetValue(field, out var entry) ? entry.Value : null;

    public YamlNode Required(string field, string expected) =>
        Optional(field) ?? throw nodes.Error(keywordNode, $"step `{keyword}` is missing `{field}`: {expected}");

    /// <summary>The one field of <paramref name="choices"/> that is present.</summary>
    public (string Field, YamlNode Node) OneOf(string[] choices, string expected)
    {
        var present = choices.Where(entries.ContainsKey).ToList();
        return present.Count switch
        {
            1 => (present[0], entries[present[0]].Value),
            0 => throw nodes.Error(keywordNode, $"step `{keyword}` says nothing about {expected}"),
            _ => throw nodes.Error(entries[present[1]].Key, $"step `{keyword}` has both `{present[0]}` and `{present[1]}`; give one"),
        };
    }
}
