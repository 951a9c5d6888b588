using System.Text;

namespace Harness.Engine.Model;

/// <summary>
/// Text that may hold variables, <c>${peers.server.endpoint}</c> or <c>${env.HOME}</c>, resolved when
/// the step runs. Parsed once at load time so that a run only concatenates.
/// </summary>
public sealed record Template
{
    private readonly TemplatePart[] _parts;

    public Template(string raw, IReadOnlyList<TemplatePart> parts)
    {
        Raw = raw;
        _parts = [.. parts];
        IsConstant = _parts.All(p => p.Variable is null);
        Constant = IsConstant ? string.Concat(_parts.Select(p => p.Literal)) : null;
    }

    /// <summary>The text as written.</summary>
    public string Raw { get; }

    public IReadOnlyList<TemplatePart> Parts => _parts;

    /// <summary>Whether the template has no variables, so it can be resolved once at load time.</summary>
    public bool IsConstant { get; }

    /// <summary>The text, when <see cref="IsConstant"/>.</summary>
    public string? Constant { get; }

    public IEnumerable<string> Variables => _parts.Where(p => p.Variable is not null).Select(p => p.Variable!);

    public static Template Literal(string text) => new(text, [new TemplatePart(text, null)]);

    /// <summary>The text with each variable replaced by its value.</summary>
    /// <exception cref="KeyNotFoundException">A variable has no value; the loader normally rules this out.</exception>
    public string Render(Func<string, string?> lookup)
    {
        if (Constant is not null)
        {
            return Constant;
        }

        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Variable is null)
            {
                builder.Append(part.Literal);
            }
            else if (lookup(part.Variable) is { } value)
            {
                builder.Append(value);
            }
            else
            {
                throw new KeyNotFoundException($"variable ${{{part.Variable}}} has no value");
            }
        }

        return builder.ToString();
    }

    public override string ToString() => Raw;
}

/// <summary>Literal text, or a variable reference when <see cref="Variable"/> is set.</summary>
public sealed record TemplatePart(string Literal, string? Variable);
