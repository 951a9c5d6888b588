using Harness.Engine.Running;

namespace Harness.Engine.Configuration;

/// <summary>Project settings from harness.yaml: where plugins are, the default timeouts, and variables.</summary>
public sealed record HarnessSettings(
    string? FilePath,
    IReadOnlyList<string> PluginFolders,
    RunSettings Run);
