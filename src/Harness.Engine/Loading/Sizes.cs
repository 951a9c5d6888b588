using System.Globalization;

namespace Harness.Engine.Loading;

/// <summary>
/// Sizes in bytes as written in harness.yaml: <c>4096</c>, <c>512KB</c>, <c>1MB</c>, <c>64MiB</c>, <c>1GiB</c>.
/// KB, MB and GB are powers of 1000; KiB, MiB and GiB powers of 1024, as the units say.
/// </summary>
public static class Sizes
{
    public const string Expected = "a size such as 64MiB, 1MB, 512KiB or 4096 (bytes)";

    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000), ("kB", 1000),
        ("B", 1), (string.Empty, 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = trimmed[digits..].TrimStart();
        foreach (var (name, size) in Units)
        {
            if (unit == name)
            {
                // Anything past a terabyte is a typo, and would overflow below.
                if (number > (1L << 40) / size)
                {
                    return false;
                }

                bytes = number * size;
                return true;
            }
        }

        return false;
    }

    /// <summary>A size for people, in the largest unit that writes it exactly: <c>64 MiB</c>, <c>1 MB</c>, <c>1500 bytes</c>.</summary>
    public static string Format(long bytes)
    {
        foreach (var (name, size) in Units)
        {
            if (size > 1 && bytes >= size && bytes % size == 0 && name != "kB")
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / size} {name}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
    }
}
