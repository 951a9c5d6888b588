namespace Harness.Engine.Loading.Syntax;

/// <summary>
/// What a value in a scenario may look like. The loader takes its keys from these shapes, the JSON
/// Schema is generated from them, and a test checks the reference page against them, so the three
/// cannot drift apart.
/// </summary>
internal abstract record Shape(string Summary);

internal enum ScalarKind
{
    /// <summary>Text; variables allowed. YAML numbers and booleans are taken as their text.</summary>
    Text,

    /// <summary>A duration such as 500ms or 2s.</summary>
    Duration,

    Integer,

    /// <summary>Only <c>true</c> means something (<c>echo: true</c>, <c>closed: true</c>).</summary>
    True,

    Boolean,
}

/// <summary>A single value.</summary>
internal sealed record ScalarShape(ScalarKind Kind, string Summary, int? Minimum = null, int? Maximum = null, IReadOnlyList<string>? Values = null)
    : Shape(Summary);

/// <summary>A mapping with known keys; <see cref="Open"/> lets other keys through (settings a plugin reads).</summary>
internal sealed record MapShape(string Summary, IReadOnlyList<FieldSyntax> Fields, IReadOnlyList<string>? Required = null, bool Open = false)
    : Shape(Summary)
{
    public IReadOnlyList<string> Keys => Fields.Select(f => f.Name).ToList();

    public FieldSyntax Field(string name) => Fields.Single(f => f.Name == name);
}

/// <summary>A mapping of names the scenario chooses to values of one shape (captures, options, peers).</summary>
internal sealed record DictionaryShape(string Summary, Shape Values) : Shape(Summary);

internal sealed record ListShape(string Summary, Shape Items) : Shape(Summary);

/// <summary>Any of several shapes, such as a short scalar form or the full mapping.</summary>
internal sealed record AnyOfShape(string Summary, IReadOnlyList<Shape> Choices) : Shape(Summary);

/// <summary>A nested list of steps (inside <c>repeat</c>).</summary>
internal sealed record StepListShape(string Summary) : Shape(Summary);

/// <summary>Any YAML value, compared as JSON.</summary>
internal sealed record AnyValueShape(string Summary) : Shape(Summary);

/// <summary>One key of a step or mapping.</summary>
internal sealed record FieldSyntax(string Name, Shape Shape)
{
    public string Summary => Shape.Summary;
}

/// <summary>
/// One step keyword. <see cref="Fields"/>' first entry is what the short form (<c>send: "hi"</c>)
/// sets; <see cref="Bare"/> steps may be written as the keyword alone (<c>- close</c>).
/// </summary>
internal sealed record StepSyntax(string Keyword, string Summary, IReadOnlyList<FieldSyntax> Fields, bool Bare = false)
{
    public IReadOnlyList<string> FieldNames => Fields.Select(f => f.Name).ToList();
}
