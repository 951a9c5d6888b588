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

/// <summary>Raw bytes, written in hex (or, with <see cref="Format"/> <c>base64</c>, in base64).</summary>
public sealed record BytesPayload(ReadOnlyMemory<byte> Bytes, string Written) : Payload
{
    public string Format { get; init; } = "hex";

    public override string Describe() => $"{Format} {Written}";

    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup) => Bytes;
}

/// <summary>The bytes of a file, read when the step runs; a relative path is taken from the scenario's folder.</summary>
public sealed record FilePayload(Template Path, string Folder) : Payload
{
    public override string Describe() => $"file {Path.Raw}";

    /// <summary>The folder tree the file must lie in (the scenario's folder), or null when <c>--allow-outside-files</c> lifts the limit.</summary>
    public string? Root { get; init; }

    /// <exception cref="IOException">The file cannot be read, or lies outside <see cref="Root"/>.</exception>
    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup)
    {
        var full = FullPath(lookup);

        // Checked again here: a path holding variables is known only now.
        return Root is { } root && !Loading.FileScope.IsInside(full, root)
            ? throw new IOException(Loading.FileScope.Outside(Path.Render(lookup), full, root))
            : File.ReadAllBytes(full);
    }

    public string FullPath(Func<string, string?> lookup) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Folder, Path.Render(lookup)));
}

/// <summary>A text repeated (and cut) to exactly <see cref="Size"/> bytes: a large transfer without a large file.</summary>
public sealed record PatternPayload(Template Pattern, int Size) : Payload
{
    // A constant pattern is built once, not on every send in a bulk loop (the bytes are never written to).
    private byte[]? _constant;

    public override string Describe() => $"pattern \"{Pattern.Raw}\" to {Size} bytes";

    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup) =>
        Pattern.Constant is null ? Build(Pattern.Render(lookup)) : _constant ??= Build(Pattern.Constant);

    private byte[] Build(string pattern)
    {
        var unit = Encoding.UTF8.GetBytes(pattern);
        var bytes = new byte[Size];
        if (unit.Length == 0)
        {
            return bytes;
        }

        for (var at = 0; at < Size; at += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, Size - at)).CopyTo(bytes.AsSpan(at));
        }

        return bytes;
    }

    // The cache is not part of the value: two patterns are equal whether or not either has been built.
    public bool Equals(PatternPayload? other) => base.Equals(other) && Pattern == other.Pattern && Size == other.Size;

    public override int GetHashCode() => HashCode.Combine(Pattern, Size);
}

/// <summary>Hex or base64 holding variables: decoded when the step runs, once the variables have values.</summary>
public sealed record EncodedPayload(Template Text, string Format) : Payload
{
    public override string Describe() => $"{Format} {Text.Raw}";

    /// <exception cref="FormatException">The text, with its variables resolved, is not valid hex or base64.</exception>
    public override ReadOnlyMemory<byte> Resolve(Func<string, string?> lookup)
    {
        var text = Text.Render(lookup);
        if (Format == "base64")
        {
            return Convert.FromBase64String(text.Trim());
        }

        return Loading.HexText.TryParse(text, out var bytes, out var error) ? bytes : throw new FormatException($"hex '{text}': {error}");
    }
}
