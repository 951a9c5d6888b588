using Harness.Engine.Loading;

namespace Harness.Engine.Peers;

/// <summary>Resolves <c>${...}</c> in the string values of a plugin peer's settings tree.</summary>
internal static class SettingsResolver
{
    public static IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> settings, Func<string, string?> lookup) =>
        settings.ToDictionary(pair => pair.Key, pair => ResolveValue(pair.Value, lookup), StringComparer.Ordinal);

    private static object? ResolveValue(object? value, Func<string, string?> lookup) => value switch
    {
        string text => Render(text, lookup),
        IReadOnlyDictionary<string, object?> map => Resolve(map, lookup),
        IEnumerable<object?> list => list.Select(item => ResolveValue(item, lookup)).ToList(),
        _ => value,
    };

    private static string Render(string text, Func<string, string?> lookup)
    {
        var (template, _, problem) = TemplateParser.Parse(text, name => lookup(name) is null ? $"unknown variable ${{{name}}}" : null);
        return template?.Render(lookup) ?? throw new Abstractions.PeerStartException(problem!);
    }
}
