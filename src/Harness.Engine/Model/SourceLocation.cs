namespace Harness.Engine.Model;

/// <summary>A place in a scenario file, 1-based, printed as <c>file:line:column</c>.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
