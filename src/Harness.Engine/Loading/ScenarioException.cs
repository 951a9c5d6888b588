using Harness.Engine.Model;

namespace Harness.Engine.Loading;

/// <summary>A scenario or settings file is invalid; the message starts with <c>file:line:column</c>.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(SourceLocation location, string problem)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
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
}
