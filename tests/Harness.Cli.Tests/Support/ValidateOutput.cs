using System.Text.RegularExpressions;

namespace Harness.Cli.Tests.Support;

/// <summary>
/// The error lines of `harness validate`, by file: each starts with <c>file:line:column: </c>. A line that starts
/// with none of the files given belongs to the message before it (a message quoting text with a line break).
/// </summary>
internal static partial class ValidateOutput
{
    public static Dictionary<string, (int Line, int Column, string Message)> ErrorsByFile(string stderr, IReadOnlyCollection<string> files, List<string> strayLines)
    {
        var errors = new Dictionary<string, (int Line, int Column, string Message)>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in stderr.Split('\n'))
        {
            var match = Located().Match(line);
            if (match.Success && files.Contains(match.Groups["file"].Value))
            {
                last = match.Groups["file"].Value;
                errors[last] = (int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["message"].Value);
            }
            else if (last is not null && line.Length > 0)
            {
                // A line continuing the message before it; the empty piece after the output's final line break is none.
                errors[last] = errors[last] with { Message = errors[last].Message + "\n" + line };
            }
            else if (line.Length > 0)
            {
                strayLines.Add(line);
            }
        }

        return errors;
    }

    [GeneratedRegex(@"^(?<file>[^:]+\.yaml):(?<line>-?\d+):(?<column>-?\d+): (?<message>.*)$")]
    private static partial Regex Located();
}
