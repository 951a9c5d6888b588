using Harness.Engine.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>Reads YAML nodes of one file, turning every mistake into a <see cref="ScenarioException"/> at the node's place.</summary>
internal sealed class YamlNodes(string file)
{
    public string File { get; } = file;

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public SourceLocation At(Mark mark) => new(File, (int)mark.Line, (int)mark.Column);

    public ScenarioException Error(YamlNode node, string problem) => new(At(node), problem);

    public ScenarioException Error(Mark mark, string problem) => new(At(mark), problem);

    /// <summary>Parses every document of <paramref name="text"/>; a syntax error names its place.</summary>
    public IReadOnlyList<YamlNode> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new GuardedParser(new Parser(scanner), scanner, this));
        }
        catch (YamlException ex)
        {
            // Some scanner errors (a tab as indentation) carry no mark of their own, only "(Line: 5, Col: 1" in the message.
            var place = ex.Start.Line > 1 || ex.InnerException is not YamlException inner ? ex.Start : inner.Start;
            var at = place.Line <= 1 && MarkInMessage(ex.Message) is { } found ? found : At(place);
            var hint = string.Empty;
            if (ex.Message.Contains("tab as indentation", StringComparison.Ordinal))
            {
                hint = "; indent with spaces";
                at = at.Line <= 1 && FirstIndentingTab(text) is { } tab ? tab : at;
            }

            throw new ScenarioException(at, "invalid YAML: " + (hint.Length > 0 ? Describe(ex).TrimEnd('.') + hint : Describe(ex)));
        }

        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value lines), not {Kind(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list (lines starting with '- '), not {Kind(node)}");

    public YamlScalarNode Scalar(YamlNode node, string what) =>
        node as YamlScalarNode ?? throw Error(node, $"{what} must be a single value, not {Kind(node)}");

    public string Text(YamlNode node, string what) => Scalar(node, what).Value ?? string.Empty;

    public string NonEmptyText(YamlNode node, string what)
    {
        var text = Text(node, what);
        return text.Length > 0 ? text : throw Error(node, $"{what} must not be empty");
    }

    public TimeSpan Duration(YamlNode node, string what)
    {
        var text = Text(node, what);
        return Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw Error(node, $"{what}: '{text}' is not a duration; expected {Durations.Expected}");
    }

    /// <summary>A size in bytes (<c>64MiB</c>, <c>1MB</c>, <c>4096</c>) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long Size(YamlNode node, string what, long min, long max)
    {
        var text = Text(node, what);
        if (!Sizes.TryParse(text, out var bytes))
        {
            throw Error(node, $"{what}: '{text}' is not a size; expected {Sizes.Expected}");
        }

        return bytes >= min && bytes <= max
            ? bytes
            : throw Error(node, $"{what}: {text} is {(bytes < min ? "less" : "more")} than {(bytes < min ? "the smallest" : "the largest")} allowed, {Sizes.Format(bytes < min ? min : max)}");
    }

    public bool Boolean(YamlNode node, string what)
    {
        var text = Text(node, what);
        return text switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw Error(node, $"{what} must be true or false, not '{text}'"),
        };
    }

    public int Integer(YamlNode node, string what, int min, int max)
    {
        var text = Text(node, what);
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(node, $"{what} must be a whole number from {min} to {max}, not '{text}'");
    }

    public IReadOnlyList<string> TextList(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return [scalar.Value ?? string.Empty];
        }

        return Sequence(node, what).Children.Select(child => Text(child, $"each item of {what}")).ToList();
    }

    /// <summary>A node as plain values: string, list of objects, or map of string to object.</summary>
    public object? Plain(YamlNode node) => Plain(node, 0);

    private object? Plain(YamlNode node, int depth) => depth > YamlJson.MaxDepth
        ? throw Error(node, $"the value nests more than {YamlJson.MaxDepth} levels deep")
        : node switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlSequenceNode sequence => sequence.Children.Select(child => Plain(child, depth + 1)).ToList(),
            YamlMappingNode mapping => mapping.Children.ToDictionary(
                pair => Text(pair.Key, "a key"), pair => Plain(pair.Value, depth + 1), StringComparer.Ordinal),
            _ => null,
        };

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"the value '{s.Value}'",
        _ => "an alias",
    };

    /// <summary>Where the first tab in a line's indentation is; YamlDotNet reports that error without a place.</summary>
    private SourceLocation? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return new SourceLocation(File, i + 1, tab + 1);
            }
        }

        return null;
    }

    private SourceLocation? MarkInMessage(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^\(Line: (\d+), Col: (\d+)");
        return match.Success && int.TryParse(match.Groups[1].Value, out var line) && int.TryParse(match.Groups[2].Value, out var column) && line > 1
            ? new SourceLocation(File, line, column)
            : null;
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet's messages carry their own "(Line: .., Col: ..)" prefix; the location is printed once, in front.
        var message = (ex.InnerException as YamlException)?.Message ?? ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
