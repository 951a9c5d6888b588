using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Loading;

/// <summary>
/// The keys of one mapping, checked against the keys allowed there: an unknown key is an error at
/// its own place with the nearest valid key suggested.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlNodes _nodes;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public MappingReader(YamlNodes nodes, YamlMappingNode mapping, string what, IReadOnlyCollection<string> allowed)
    {
        _nodes = nodes;
        Node = mapping;
        What = what;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = nodes.Text(keyNode, $"a key of {what}");
            if (!allowed.Contains(key))
            {
                throw nodes.Error(keyNode, $"unknown key `{key}` in {what}{Suggestions.Hint(key, allowed)}");
            }

            _entries[key] = (keyNode, value);
        }
    }

    public YamlMappingNode Node { get; }

    public string What { get; }

    public IEnumerable<string> Keys => _entries.Keys;

    public YamlNode? Optional(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public YamlNode Required(string key, string expected) =>
        Optional(key) ?? throw _nodes.Error(Node, $"{What} is missing `{key}`: {expected}");

    public YamlNode KeyNode(string key) => _entries[key].Key;
}
