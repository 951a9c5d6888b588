using Harness.Engine.Model;

namespace Harness.Engine.Loading;

/// <summary>Splits text into literals and <c>${name}</c> references, checking each name as it goes.</summary>
internal static class TemplateParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="check"/> returns why a variable is unknown, or null.</summary>
    /// <returns>The template, or a problem with the character offset it refers to.</returns>
    public static (Template? Template, int Offset, string? Problem) Parse(string text, Func<string, string?> check)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return (Template.Literal(text), 0, null);
        }

        var parts = new List<TemplatePart>();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            // "$${" writes a literal "${".
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                parts.Add(new TemplatePart(text[literalStart..i] + "${", null));
                i += 3;
                literalStart = i;
                continue;
            }

            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    return (null, i, "`${` has no closing `}`; write $${ for a literal ${");
                }

                var name = text[(i + 2)..close].Trim();
                if (name.Length == 0)
                {
                    return (null, i, "`${}` names no variable");
                }

                if (check(name) is { } problem)
                {
                    return (null, i, problem);
                }

                if (i > literalStart)
                {
                    parts.Add(new TemplatePart(text[literalStart..i], null));
                }

                parts.Add(new TemplatePart(string.Empty, name));
                i = close + 1;
                literalStart = i;
                continue;
            }

            i++;
        }

        if (literalStart < text.Length)
        {
            parts.Add(new TemplatePart(text[literalStart..], null));
        }

        return (new Template(text, parts), 0, null);
    }
}
