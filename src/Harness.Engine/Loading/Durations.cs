using System.Globalization;

namespace Harness.Engine.Loading;

/// <summary>Durations as written in scenarios: <c>500ms</c>, <c>2s</c>, <c>1.5s</c>, <c>1m</c>, <c>1h</c>.</summary>
public static class Durations
{
    public const string Expected = "a duration such as 500ms, 2s, 1.5s or 1m";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        var unitStart = 0;
        while (unitStart < trimmed.Length && (char.IsAsciiDigit(trimmed[unitStart]) || trimmed[unitStart] == '.'))
        {
            unitStart++;
        }

        if (unitStart == 0 || !double.TryParse(trimmed[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        double? milliseconds = trimmed[unitStart..] switch
        {
            "ms" => number,
            "s" => number * 1000,
            "m" or "min" => number * 60_000,
            "h" => number * 3_600_000,
            _ => null,
        };
        if (milliseconds is null || milliseconds > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds.Value);
        return true;
    }

    /// <summary>A duration for people: <c>12 ms</c>, <c>1.25 s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
            : $"{duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s";
}
