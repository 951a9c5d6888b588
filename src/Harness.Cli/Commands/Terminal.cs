using Harness.Engine.Reporting;

namespace Harness.Cli.Commands;

/// <summary>Whether the console is a person's terminal (live status line, colours) or a pipe or log file (plain lines).</summary>
internal static class Terminal
{
    public static ConsoleStyle StyleFor(TextWriter output)
    {
        // NO_COLOR (no-color.org) asks for plain output whatever its value, as long as it is set and not empty.
        var plain = !ReferenceEquals(output, Console.Out)
            || Console.IsOutputRedirected
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || Environment.GetEnvironmentVariable("TERM") == "dumb";
        return plain ? ConsoleStyle.Plain : new ConsoleStyle(Live: true, Color: true, Width: Width());
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
