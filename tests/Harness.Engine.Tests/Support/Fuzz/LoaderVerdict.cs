using Harness.Engine.Loading;

namespace Harness.Engine.Tests.Support.Fuzz;

internal enum LoaderOutcome
{
    Loaded,

    /// <summary>A <see cref="ScenarioException"/> at a place in the file, with a message.</summary>
    Refused,

    /// <summary>Anything else: another exception, a place outside the file, an empty message.</summary>
    Other,
}

/// <summary>How the loader ended on one input, judged by what `harness validate` promises: valid, or an error at file:line:column.</summary>
internal static partial class LoaderVerdict
{
    public static (LoaderOutcome Outcome, string? Problem) Judge(ScenarioLoader loader, string text, string displayPath, string folder)
    {
        try
        {
            loader.Load(text, displayPath, folder);
            return (LoaderOutcome.Loaded, null);
        }
        catch (ScenarioException ex)
        {
            return Located(ex, text, displayPath) is { } problem ? (LoaderOutcome.Other, problem) : (LoaderOutcome.Refused, null);
        }
        catch (Exception ex)
        {
            return (LoaderOutcome.Other, $"{ex.GetType().FullName} instead of a ScenarioException: {ex}");
        }
    }

    /// <summary>What is wrong with the place or the message of a refusal, or null when both are right.</summary>
    private static string? Located(ScenarioException ex, string text, string displayPath)
    {
        var at = ex.Location;
        var lines = LineBreaks().Count(text) + 1;
        return at.File != displayPath ? $"the error names the file '{at.File}', not '{displayPath}': {ex.Message}"
            : at.Line < 1 || at.Column < 1 ? $"the error is at line {at.Line}, column {at.Column}, which is no place: {ex.Message}"
            : at.Line > lines + 1 ? $"the error is at line {at.Line} of a text of {lines} lines: {ex.Message}"
            : string.IsNullOrWhiteSpace(ex.Problem) ? $"the error says nothing: '{ex.Message}'"
            : ex.Message != $"{displayPath}:{at.Line}:{at.Column}: {ex.Problem}" ? $"the message does not start with file:line:column: '{ex.Message}'"
            : null;
    }

    /// <summary>YAML's line breaks, by which YamlDotNet counts lines: CR LF, CR, LF, and (YAML 1.1) NEL, LS and PS.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\r\n|[\r\n\u0085\u2028\u2029]")]
    private static partial System.Text.RegularExpressions.Regex LineBreaks();
}
