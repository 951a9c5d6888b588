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

    /// <summary>A fixture plugin built from tests/Fixtures, such as <c>YamlPlugin</c>.</summary>
    public static string Fixture(string name) => Path.Combine(Root, "artifacts", "fixtures", "Harness.Fixtures." + name);
}
