using Harness.Engine.Loading.Syntax;
using Harness.Engine.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// Parses the <c>steps</c> list. A step is one list item keyed by its keyword; the keyword holds a
/// short form (<c>send: "hi"</c>) or a mapping of fields (<c>expect: { regex: "^OK" }</c>), and the
/// fields may also sit beside the keyword (<c>on: alice</c>, <c>timeout: 2s</c>). The keywords and
/// fields come from <see cref="Language.Steps"/>; each step's own parsing lives in Loading/Steps.
/// </summary>
internal sealed partial class StepParser(YamlNodes nodes, VariableRules variables, string folder)
{
    /// <summary>Every step keyword with the fields it takes; the first field is what the short form sets.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Fields =
        Language.Steps.ToDictionary(s => s.Keyword, s => s.FieldNames.ToArray(), StringComparer.Ordinal);

    internal static readonly string[] ExpectKinds = Language.ExpectationKinds;

    /// <summary>The scenario's <c>faults</c>, which every <c>connect</c> without its own goes through.</summary>
    public FaultPlan? ScenarioFaults { get; init; }

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
            "connect" => ParseConnect(location, fields),
            "send" => ParseSend(location, fields),
            "expect" => ParseExpect(location, fields),
            "close" => new CloseStep(location, Connection(fields)),
            "shutdown" => new ShutdownStep(location, Connection(fields)),
            "sleep" => new SleepStep(location, nodes.Duration(fields.Required("for", "how long, such as `sleep: 100ms`"), "sleep")),
            "repeat" => ParseRepeat(location, fields),
            "listen" => ParseListen(location, fields),
            "accept" => ParseAccept(location, fields),
            "start" => new StartStep(location, PeerSteps.StartedPeer(nodes, variables, fields.Required("peer", "the name of a peer declared with `start: manual`"))),
            _ => throw nodes.Error(keywordNode, $"unknown step `{keyword}`"),
        };
    }

    private (string Keyword, YamlNode KeywordNode, StepFields Fields) Split(YamlNode item)
    {
        var keywords = Fields.Keys.ToList();
        if (item is YamlScalarNode scalar)
        {
            var word = scalar.Value ?? string.Empty;
            if (Language.StepsByKeyword.TryGetValue(word, out var bare) && bare.Bare)
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
        else if (value is YamlSequenceNode)
        {
            throw nodes.Error(value, $"step `{keyword}` takes a single value or a mapping of fields ({string.Join(", ", allowed)}), not a list");
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

    private ConnectStep ParseConnect(SourceLocation location, StepFields fields)
    {
        var to = fields.Required("to", "an address such as tcp://${peers.server.endpoint}");
        var address = ScenarioLoader.ParseTemplate(nodes, to, "connect", variables);
        var name = fields.Optional("as") is { } asNode ? Name(asNode, "as") : Connections.Default;
        var timeout = fields.Optional("timeout") is { } t ? nodes.Duration(t, "timeout") : (TimeSpan?)null;
        var options = Options(fields);
        var faults = Faults(fields);
        variables.OpenConnection(name);
        return new ConnectStep(location, address, name, timeout, options) { Faults = faults };
    }

    /// <summary>The step's own <c>faults</c>, or the scenario's; null for none (<c>faults: {}</c> turns the scenario's off).</summary>
    private FaultPlan? Faults(StepFields fields)
    {
        var faults = fields.Optional("faults") is { } node ? FaultsParser.Parse(nodes, node, "faults") : ScenarioFaults;
        return faults is { IsEmpty: false } ? faults : null;
    }

    private Dictionary<string, Template> Options(StepFields fields)
    {
        var options = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase);
        if (fields.Optional("options") is { } optionsNode)
        {
            foreach (var (k, v) in nodes.Mapping(optionsNode, "options").Children)
            {
                var key = nodes.NonEmptyText(k, "an option name");
                options[key] = ScenarioLoader.ParseTemplate(nodes, v, $"option {key}", variables);
            }
        }

        return options;
    }

    private SendStep ParseSend(SourceLocation location, StepFields fields)
    {
        var payload = Payload(fields, "send", "what to send: " + string.Join(", ", Language.PayloadKinds));
        var prefix = fields.Optional("prefix") is { } p ? Prefix(p) : null;
        return new SendStep(location, payload, Connection(fields)) { Prefix = prefix };
    }

    /// <summary>A name a scenario gives (a connection, listener or variable): letters, digits, '_' and '-'.</summary>
    private string Name(YamlNode node, string what)
    {
        var name = nodes.NonEmptyText(node, what);
        if (!char.IsAsciiLetter(name[0]) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-'))
        {
            throw nodes.Error(node, $"{what}: '{name}' is not a name; use letters, digits, '_' or '-', starting with a letter");
        }

        return name;
    }

    private string Connection(StepFields fields)
    {
        if (fields.Optional("on") is not { } node)
        {
            if (!variables.Connections.Contains(Connections.Default) && variables.Connections.Count > 0)
            {
                throw nodes.Error(fields.KeywordNode, $"step `{fields.Keyword}` names no connection, and every connection so far is named; add `on: {variables.Connections.First()}`");
            }

            return Connections.Default;
        }

        var name = nodes.NonEmptyText(node, "on");
        if (!variables.Connections.Contains(name))
        {
            var named = variables.Connections.Where(n => n.Length > 0).ToList();
            var hint = named.Count > 0 ? Suggestions.Hint(name, named) : string.Empty;
            throw nodes.Error(node, $"connection '{name}' is not opened by an earlier `connect` or `accept` with `as: {name}`{hint}");
        }

        return name;
    }
}

/// <summary>The fields of one step, however they were written.</summary>
internal sealed class StepFields(YamlNodes nodes, string keyword, YamlNode keywordNode, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
{
    public string Keyword => keyword;

    public YamlNode KeywordNode => keywordNode;

    public YamlNode? Optional(string field) => entries.TryGetValue(field, out var entry) ? entry.Value : null;

    public YamlNode Required(string field, string expected) =>
        Optional(field) ?? throw nodes.Error(keywordNode, $"step `{keyword}` is missing `{field}`: {expected}");

    public bool Has(string field) => entries.ContainsKey(field);

    public YamlNode KeyOf(string field) => entries[field].Key;

    /// <summary>The one field of <paramref name="choices"/> that is present.</summary>
    public (string Field, YamlNode Node) OneOf(IReadOnlyList<string> choices, string expected)
    {
        var present = choices.Where(entries.ContainsKey).ToList();
        return present.Count switch
        {
            1 => (present[0], entries[present[0]].Value),
            0 => throw nodes.Error(keywordNode, $"step `{keyword}` says nothing about {expected}"),
            _ => throw nodes.Error(entries[present[1]].Key, $"step `{keyword}` has both `{present[0]}` and `{present[1]}`; give one"),
        };
    }

    /// <summary>At most one field of <paramref name="choices"/>.</summary>
    public (string Field, YamlNode Node)? AtMostOne(IReadOnlyList<string> choices)
    {
        var present = choices.Where(entries.ContainsKey).ToList();
        return present.Count switch
        {
            0 => null,
            1 => (present[0], entries[present[0]].Value),
            _ => throw nodes.Error(entries[present[1]].Key, $"step `{keyword}` has both `{present[0]}` and `{present[1]}`; give one"),
        };
    }
}
