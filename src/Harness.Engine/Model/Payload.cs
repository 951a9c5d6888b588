using System.Text;

namespace Harness.Engine.Model;

/// <summary>Bytes to send or to expect, as written in the scenario.</summary>
public abstract record Payload
{
    /// <summary>A short description for reports, such as <c>text "Hello"</c>.</summary>
    public abstract string Describe();

    /// <summary>The bytes, with variables resolved.</summary>
    public abstract ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup);
}

/// <summary>UTF-8 text; escapes were decoded at load time, variables are resolved at run time.</summary>
public sealed record TextPayload(Template Text) : Payload
{
    private readonly byte[]? _constant = Text.Constant is null ? null : Encoding.UTF8.GetBytes(Text.Constant);

    // Control characters are shown escaped so that a description stays on one line of a report.
    public override string Describe() => $"text \"{Text.Raw.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}\"";

    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup) =>
        _constant ?? Encoding.UTF8.GetBytes(Text.Render(lookup));
}

/// <summary>Raw bytes, written in hex.</summary>
public sealed record BytesPayload(ReadOnlyMemory<byte> Bytes, string Written) : Payload
{
    public override string Describe() => $"hex {Written}";

    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup) => Bytes;
}
