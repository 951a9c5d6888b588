using Harness.Engine.Model;

namespace Harness.Engine.Loading;

/// <summary>A scenario or settings file is invalid; the message starts with <c>file:line:column</c>.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(SourceLocation location, string problem)
        : base($"{location}: {Visible(problem)}")
    {
        Location = location;
        Problem = Visible(problem);
    }

    public ScenarioException()
        : this(default, "invalid scenario")
    {
    }

    public ScenarioException(string message)
        : this(default, message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException) => Problem = message;

    public SourceLocation Location { get; }

    /// <summary>The message without the location.</summary>
    public string Problem { get; }

    /// <summary>
    /// The problem on one line with its control characters written out (<c>\n</c>, <c>\x1b</c>): a message often
    /// quotes the file, and a line break or a terminal escape sequence copied from it would garble, or act on, the
    /// terminal that prints it.
    /// </summary>
    internal static string Visible(string text)
    {
        if (!text.Any(IsControl))
        {
            return text;
        }

        var visible = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => visible.Append("\\n"),
                '\r' => visible.Append("\\r"),
                _ when IsControl(c) => visible.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => visible.Append(c),
            };
        }

        return visible.ToString();
    }

    private static bool IsControl(char c) => c != '\t' && char.IsControl(c);
}
