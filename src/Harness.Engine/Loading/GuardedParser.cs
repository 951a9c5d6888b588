using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Harness.Engine.Loading;

/// <summary>
/// Passes YAML parsing events on to YamlDotNet's document builder, refusing beforehand the shapes that
/// would make the builder or the loader recurse without end or do exponential work: the builder
/// recurses once per level of nesting (a few thousand levels overflow the stack, which no catch can
/// stop), hashes a mapping key that is a list or a mapping (forever when it holds an alias to itself,
/// exponentially when it holds an alias bomb), and the loader walks every alias as a copy of its anchor
/// (a billion-laughs file expands to 10^9 values; YamlDotNet also takes an alias to an anchor further
/// down, which YAML does not, and which would escape the count). Each refusal is a
/// <see cref="ScenarioException"/> at the place in the file. So is every exception of another type than
/// <see cref="YamlException"/> that YamlDotNet's reader throws on some broken YAML (seen:
/// <see cref="ArgumentException"/> for the empty tag <c>!&lt;&gt;</c>, <see cref="InvalidOperationException"/>
/// for an unclosed flow list ending in a tab).
/// </summary>
internal sealed class GuardedParser(IParser inner, IScanner scanner, YamlNodes nodes) : IParser
{
    /// <summary>How deep lists and mappings may nest; a scenario needs about ten levels, a JSON value up to <see cref="YamlJson.MaxDepth"/> more.</summary>
    public const int MaxNesting = 128;

    /// <summary>How many values a file may hold once its aliases are expanded (each alias counts as a copy of its anchor).</summary>
    public const long MaxExpandedValues = 100_000;

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, Anchor> _anchors = new(StringComparer.Ordinal);
    private long _expanded;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!Next())
        {
            return false;
        }

        switch (inner.Current)
        {
            case DocumentStart:
                _anchors.Clear(); // anchors belong to their document
                break;
            case Scalar scalar:
                BeginNode(scalar, isCollection: false);
                _expanded++;
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = new Anchor(scalar.Start, Open: false, Size: 1, IsCollection: false);
                }

                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
            case NodeEvent collection and (SequenceStart or MappingStart):
                BeginNode(collection, isCollection: true);
                if (_open.Count >= MaxNesting)
                {
                    throw nodes.Error(collection.Start, $"the YAML nests more than {MaxNesting} levels deep; a scenario needs far fewer");
                }

                var anchor = collection.Anchor.IsEmpty ? null : collection.Anchor.Value;
                if (anchor is not null)
                {
                    _anchors[anchor] = new Anchor(collection.Start, Open: true, Size: 0, IsCollection: true);
                }

                var flow = collection is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                _open.Push(new Frame(collection is MappingStart, flow, anchor, _expanded));
                _expanded++;
                break;
            case SequenceEnd or MappingEnd when _open.Count > 0:
                var closed = _open.Pop();
                if (closed.IsMapping && !closed.KeyNext)
                {
                    // YamlDotNet's parser drops the value of an empty key written `-  : x`; its builder then fails without a place.
                    throw nodes.Error(closed.LastKey, "invalid YAML: the mapping ends after this key, without its value (an empty key before `:`?)");
                }

                if (closed.Anchor is { } name)
                {
                    _anchors[name] = _anchors[name] with { Open = false, Size = _expanded - closed.ExpandedAtStart };
                }

                break;
        }

        return true;
    }

    private bool Next()
    {
        try
        {
            return inner.MoveNext();
        }
        catch (Exception ex) when (ex is not (YamlException or OutOfMemoryException))
        {
            // The reader's own failure, not the loader's: the file is broken YAML where the reader stopped.
            var reason = ex is ArgumentException argument
                ? argument.Message.Replace($" (Parameter '{argument.ParamName}')", string.Empty, StringComparison.Ordinal).TrimEnd('.')
                : ex.GetType().Name;
            var hint = _open.Any(frame => frame.IsFlow) ? "; is a `[` or `{` left open?" : string.Empty;
            throw nodes.Error(scanner.CurrentPosition, $"invalid YAML: the YAML reader stopped here ({reason}){hint}");
        }
    }

    /// <summary>Every node takes its parent's next place; in a mapping, places alternate between key and value.</summary>
    private void BeginNode(ParsingEvent node, bool isCollection)
    {
        if (_open.Count == 0 || !_open.Peek().IsMapping)
        {
            return;
        }

        var parent = _open.Peek();
        var isKey = parent.KeyNext;
        parent.KeyNext = !isKey;
        if (isKey)
        {
            parent.LastKey = node.Start;
        }

        if (isKey && isCollection)
        {
            throw nodes.Error(node.Start, "a key must be a single value, not a list or a mapping");
        }
    }

    private void Alias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (!_anchors.TryGetValue(name, out var anchor))
        {
            // YamlDotNet would resolve an alias to an anchor further down at the document's end, unchecked by
            // the expansion limit; YAML wants the anchor first anyway.
            throw nodes.Error(alias.Start, $"invalid YAML: the alias *{name} refers to no anchor before it; write `&{name}` on a value above");
        }

        BeginNode(alias, anchor.IsCollection);
        if (anchor.Open)
        {
            throw nodes.Error(anchor.Start, string.Create(CultureInfo.InvariantCulture,
                $"the value anchored here as &{name} holds an alias to itself (*{name} at {alias.Start.Line}:{alias.Start.Column}): an alias that refers to itself never ends"));
        }

        _expanded += anchor.Size;
        if (_expanded > MaxExpandedValues)
        {
            throw nodes.Error(alias.Start, string.Create(CultureInfo.InvariantCulture,
                $"with its aliases expanded the file holds more than {MaxExpandedValues:N0} values (*{name} alone is {anchor.Size:N0}); an alias bomb? write the values out"));
        }
    }

    private sealed class Frame(bool isMapping, bool isFlow, string? anchor, long expandedAtStart)
    {
        public bool IsMapping { get; } = isMapping;

        public bool IsFlow { get; } = isFlow;

        public string? Anchor { get; } = anchor;

        public long ExpandedAtStart { get; } = expandedAtStart;

        /// <summary>Whether the mapping's next node is a key (else the value of the key before it).</summary>
        public bool KeyNext { get; set; } = isMapping;

        public Mark LastKey { get; set; } = Mark.Empty;
    }

    private sealed record Anchor(Mark Start, bool Open, long Size, bool IsCollection);
}
