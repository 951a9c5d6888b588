using System.Reflection;

namespace Harness.Engine.Tests.Support;

/// <summary>Where the repository and its built plugins are.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "HarnessRoot").Value!;

    public static string PluginsFolder => Path.Combine(Root, "artifacts", "plugins");

    public static string TcpPluginFolder => Path.Combine(PluginsFolder, "Harness.Transports.Tcp");
}
