using System.Diagnostics;
using System.Globalization;

namespace Harness.Engine.Running.Load;

/// <summary>Latencies for people: microseconds below a millisecond, milliseconds below a second.</summary>
public static class LatencyFormat
{
    public static TimeSpan ToTimeSpan(long stopwatchTicks) => TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    public static string Format(long stopwatchTicks) => Format(ToTimeSpan(stopwatchTicks));

    public static string Format(TimeSpan value) => value.TotalMilliseconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMicroseconds:0}us"),
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.00}ms"),
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.0}ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00}s"),
    };
}
