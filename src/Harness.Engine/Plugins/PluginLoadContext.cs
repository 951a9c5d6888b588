using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Harness.Engine.Plugins;

/// <summary>
/// The load context of one plugin folder: the plugin's own dependencies come from its .deps.json,
/// so two plugins (or a plugin and the host) may use different versions of a library side by side;
/// the contract assembly is always the host's own loaded copy, so the plugin's types implement the
/// very interfaces the host casts to.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly Assembly _contract;
    private readonly string _contractName;

    public PluginLoadContext(string mainAssemblyPath, Assembly contract)
        : base(name: Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _contract = contract;
        _contractName = contract.GetName().Name!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Whatever version of the contract the plugin was built against, answer with the host's copy:
        // falling back to the default context would fail when the plugin asks for a newer version.
        if (string.Equals(assemblyName.Name, _contractName, StringComparison.OrdinalIgnoreCase))
        {
            return _contract;
        }

        // The shared framework is never the plugin's to bring: a copy published beside it (a self-contained
        // publish into the plugin folder) would give the plugin its own System.Net.EndPoint, and its types
        // would no longer implement the contract's members ("method ... does not have an implementation").
        if (IsFrameworkAssembly(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    private static bool IsFrameworkAssembly(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && File.Exists(Path.Combine(FrameworkDirectory, name + ".dll"));

    private static readonly string FrameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
