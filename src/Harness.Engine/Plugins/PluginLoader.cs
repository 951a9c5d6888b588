using System.Reflection;
using Harness.Abstractions;

namespace Harness.Engine.Plugins;

/// <summary>
/// Loads one plugin folder into its own <see cref="PluginLoadContext"/> and creates its entry class.
/// This is the one class that McMaster.NETCore.Plugins would replace.
/// </summary>
internal static class PluginLoader
{
    private static readonly Assembly Contract = typeof(IHarnessPlugin).Assembly;

    /// <summary>The file name of the contract assembly, which must never be shipped in a plugin folder.</summary>
    public static string ContractFileName { get; } = Contract.GetName().Name + ".dll";

    /// <summary>
    /// Loads the plugin in <paramref name="folder"/>: its main assembly is <c>&lt;folder name&gt;.dll</c>,
    /// or else the one assembly beside a .deps.json file.
    /// </summary>
    /// <exception cref="PluginLoadException">The folder holds no loadable plugin.</exception>
    public static LoadedPlugin Load(string folder)
    {
        var warnings = new List<string>();
        var mainAssemblyPath = FindMainAssembly(folder);
        if (File.Exists(Path.Combine(folder, ContractFileName)))
        {
            warnings.Add(
                $"{Path.Combine(folder, ContractFileName)}: a copy of the plugin contract sits in the plugin folder; " +
                "the host's own copy is used instead (reference Harness.Abstractions with Private=false and ExcludeAssets=runtime)");
        }

        Assembly assembly;
        try
        {
            var context = new PluginLoadContext(mainAssemblyPath, Contract);
            assembly = context.LoadFromAssemblyPath(mainAssemblyPath);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            throw new PluginLoadException(folder, $"{Path.GetFileName(mainAssemblyPath)} is not a loadable .NET assembly ({ex.Message})", ex);
        }

        var attribute = ReadEntryAttribute(folder, assembly);
        if (!typeof(IHarnessPlugin).IsAssignableFrom(attribute.PluginType))
        {
            throw new PluginLoadException(
                folder,
                $"{attribute.PluginType.FullName} named by [HarnessPlugin] does not implement {typeof(IHarnessPlugin).FullName} of the host's contract");
        }

        IHarnessPlugin entry;
        try
        {
            entry = (IHarnessPlugin)Activator.CreateInstance(attribute.PluginType, nonPublic: true)!;
        }
        catch (Exception ex) when (ex is TargetInvocationException or MissingMethodException or MemberAccessException)
        {
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            throw new PluginLoadException(folder, $"creating {attribute.PluginType.FullName} failed: {cause.Message}", cause);
        }

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return new LoadedPlugin(folder, assembly.GetName().Name!, plus < 0 ? version : version[..plus], entry, warnings);
    }

    private static string FindMainAssembly(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new PluginLoadException(folder, "the folder does not exist");
        }

        var byName = Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll");
        if (File.Exists(byName))
        {
            return byName;
        }

        var candidates = Directory.GetFiles(folder, "*.deps.json")
            .Select(deps => deps[..^".deps.json".Length] + ".dll")
            .Where(File.Exists)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new PluginLoadException(folder, $"no plugin assembly: expected {Path.GetFileName(byName)} or one assembly beside a .deps.json"),
            _ => throw new PluginLoadException(folder, $"several candidate plugin assemblies ({string.Join(", ", candidates.Select(Path.GetFileName))}); name the main one after the folder"),
        };
    }

    private static HarnessPluginAttribute ReadEntryAttribute(string folder, Assembly assembly)
    {
        try
        {
            return assembly.GetCustomAttribute<HarnessPluginAttribute>()
                ?? throw new PluginLoadException(folder, $"{assembly.GetName().Name} has no [assembly: HarnessPlugin(typeof(...))] naming its entry class");
        }
        catch (FileNotFoundException ex)
        {
            throw new PluginLoadException(folder, $"a dependency of {assembly.GetName().Name} is missing: {ex.FileName}", ex);
        }
    }
}
