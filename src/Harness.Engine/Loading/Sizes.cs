using System.Globalization;

namespace Harness.Engine.Loading;

/// <summary>
/// Sizes as written in scenarios and harness.yaml: <c>4096</c>, <c>512B</c>, <c>64KiB</c>, <c>1.5MB</c>.
/// Units are exact (KB is 1000 bytes, KiB 1024), because people who count bytes on a wire mean one or the other.
/// </summary>
public static class Sizes
{
    public const string Expected = "a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)";

    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("B", 1), ("bytes", 1), ("KB", 1000), ("KiB", 1024), ("MB", 1000 * 1000), ("MiB", 1024 * 1024),
        ("GB", 1000L * 1000 * 1000), ("GiB", 1024L * 1024 * 1024),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var unitStart = 0;
        while (unitStart < trimmed.Length && (char.IsAsciiDigit(trimmed[unitStart]) || trimmed[unitStart] == '.'))
        {
            unitStart++;
        }

        if (unitStart == 0 || !decimal.TryParse(trimmed[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = trimmed[unitStart..].TrimStart();
        long multiplier = 1;
        if (unit.Length > 0)
        {
            var found = Array.FindIndex(Units, u => u.Unit == unit);
            if (found < 0)
            {
                return false;
            }

            multiplier = Units[found].Bytes;
        }

        if (number > long.MaxValue / 2 / multiplier)
        {
            return false; // more than any transfer here (and checked before multiplying, which could overflow)
        }

        var total = number * multiplier;
        if (total != decimal.Truncate(total))
        {
            return false; // a fraction of a byte
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>A size for people: <c>512 B</c>, <c>64 KiB</c>, <c>1.5 MiB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => Scaled(bytes, 1024, "KiB"),
        < 1024L * 1024 * 1024 => Scaled(bytes, 1024 * 1024, "MiB"),
        _ => Scaled(bytes, 1024L * 1024 * 1024, "GiB"),
    };

    private static string Scaled(long bytes, long unit, string name) =>
        $"{((double)bytes / unit).ToString("0.##", CultureInfo.InvariantCulture)} {name}";
}
