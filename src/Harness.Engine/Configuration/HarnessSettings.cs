using Harness.Engine.Running;

namespace Harness.Engine.Configuration;

/// <summary>Project settings from harness.yaml: where plugins are, the default timeouts, and variables.</summary>
public sealed record HarnessSettings(
    string? FilePath,
    IReadOnlyList<string> PluginFolders,
    RunSettings Run)
{
    /// <summary>The names of the variables marked <c>secret: true</c>: their values are masked in every report.</summary>
    public IReadOnlySet<string> SecretVariables { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
