using Harness.Abstractions;

namespace Harness.Engine.Plugins;

/// <summary>A plugin whose assembly is loaded and whose entry class is created, not yet registered.</summary>
internal sealed record LoadedPlugin(
    string Folder,
    string Name,
    string Version,
    IHarnessPlugin Entry,
    IReadOnlyList<string> Warnings);
