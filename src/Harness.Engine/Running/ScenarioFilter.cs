using System.Text.RegularExpressions;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>
/// Chooses scenarios by tag or name. A filter is <c>tag:NAME</c>, <c>name:PATTERN</c> or a bare
/// <c>PATTERN</c> (a name); a pattern with <c>*</c> or <c>?</c> is a glob over the whole name, otherwise
/// a substring; both ignore case. A leading <c>!</c> excludes. Several filters combine as people read
/// them: filters of one kind are alternatives (<c>tag:smoke tag:tcp</c> = either tag), different kinds
/// must all hold (<c>tag:smoke name:*echo*</c> = both), and any exclusion removes a scenario.
/// </summary>
public sealed class ScenarioFilter
{
    private readonly List<Term> _terms;

    private ScenarioFilter(List<Term> terms) => _terms = terms;

    public static ScenarioFilter All { get; } = new([]);

    public bool IsEmpty => _terms.Count == 0;

    /// <exception cref="FormatException">A filter is empty or of an unknown kind; the message says which.</exception>
    public static ScenarioFilter Parse(IEnumerable<string> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var terms = new List<Term>();
        foreach (var filter in filters)
        {
            var text = filter.Trim();
            var exclude = text.StartsWith('!');
            if (exclude)
            {
                text = text[1..];
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var kind = colon > 0 ? text[..colon] : "name";
            var value = colon > 0 ? text[(colon + 1)..] : text;
            if (kind is not ("tag" or "name"))
            {
                throw new FormatException($"--filter {filter}: unknown filter `{kind}:`; expected tag:NAME or name:PATTERN");
            }

            if (value.Length == 0)
            {
                throw new FormatException($"--filter {filter}: nothing to match; expected tag:NAME or name:PATTERN");
            }

            // A tag names the whole tag (tag:smoke must not pick "smoke-slow"); a name may be a part of the name.
            terms.Add(new Term(kind, Pattern(value, whole: kind == "tag"), exclude));
        }

        return new ScenarioFilter(terms);
    }

    public bool Matches(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (_terms.Any(t => t.Exclude && t.Matches(scenario)))
        {
            return false;
        }

        return _terms.Where(t => !t.Exclude).GroupBy(t => t.Kind).All(kind => kind.Any(t => t.Matches(scenario)));
    }

    /// <summary>A glob (<c>*</c>, <c>?</c>) over the whole text, or else a substring unless <paramref name="whole"/>.</summary>
    private static Regex Pattern(string value, bool whole)
    {
        var glob = value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal);
        var body = Regex.Escape(value).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
        return new Regex(glob || whole ? $"^{body}$" : body, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    private sealed record Term(string Kind, Regex Pattern, bool Exclude)
    {
        public bool Matches(Scenario scenario) =>
            Kind == "tag" ? scenario.Tags.Any(Pattern.IsMatch) : Pattern.IsMatch(scenario.Name);
    }
}
