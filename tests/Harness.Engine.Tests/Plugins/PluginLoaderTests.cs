using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Harness.Abstractions;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Plugins;

public sealed class PluginLoaderTests
{
    [Test]
    public void A_loaded_plugin_lives_in_its_own_load_context()
    {
        var plugin = PluginLoader.Load(Repository.TcpPluginFolder);

        var context = AssemblyLoadContext.GetLoadContext(plugin.Entry.GetType().Assembly);
        context.ShouldNotBeNull();
        context.ShouldNotBe(AssemblyLoadContext.Default);
        plugin.Name.ShouldBe("Harness.Transports.Tcp");
    }

    [Test]
    public void A_plugins_types_unify_with_the_hosts_contract()
    {
        // Given the tcp plugin loaded in its own context
        var catalog = PluginCatalog.Load([Repository.PluginsFolder]);

        // When its transport is looked up through the host's own ITransport type
        catalog.TryGetTransport("tcp", out var transport).ShouldBeTrue();

        // Then the object is an ITransport of the host's contract assembly, not a copy of it
        transport.ShouldBeAssignableTo<ITransport>();
        var contractSeenByPlugin = transport.GetType().GetInterfaces().Single(i => i.Name == nameof(ITransport)).Assembly;
        contractSeenByPlugin.ShouldBeSameAs(typeof(ITransport).Assembly);
    }

    [Test]
    public void A_missing_plugin_folder_is_a_clear_error_naming_the_folder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-plugin-" + Guid.NewGuid().ToString("n"));

        var error = Should.Throw<PluginLoadException>(() => PluginLoader.Load(missing));

        error.Message.ShouldContain(missing);
        error.Message.ShouldContain("does not exist");
    }

    [Test]
    public void A_copy_of_the_contract_in_a_plugin_folder_is_warned_about_and_the_hosts_copy_is_used()
    {
        using var folder = new TempFolder();
        var pluginFolder = Path.Combine(folder.Path, "Harness.Transports.Tcp");
        CopyFolder(Repository.TcpPluginFolder, pluginFolder);
        File.Copy(typeof(ITransport).Assembly.Location, Path.Combine(pluginFolder, "Harness.Abstractions.dll"));

        var plugin = PluginLoader.Load(pluginFolder);

        plugin.Warnings.ShouldHaveSingleItem().ShouldContain("copy of the plugin contract");
        plugin.Entry.ShouldBeAssignableTo<IHarnessPlugin>();
    }

    [Test]
    public void A_copy_of_the_shared_framework_in_a_plugin_folder_is_ignored_so_the_plugins_types_keep_the_hosts_framework()
    {
        // Given a plugin folder that carries its own System.Net.Primitives, listed in its .deps.json
        // (what a self-contained publish into the folder leaves behind)
        using var folder = new TempFolder();
        var pluginFolder = Path.Combine(folder.Path, "Harness.Transports.Tcp");
        CopyFolder(Repository.TcpPluginFolder, pluginFolder);
        var framework = typeof(System.Net.EndPoint).Assembly;
        File.Copy(framework.Location, Path.Combine(pluginFolder, Path.GetFileName(framework.Location)));
        var mainAssembly = Path.Combine(pluginFolder, "Harness.Transports.Tcp.dll");
        ListInDepsJson(Path.ChangeExtension(mainAssembly, ".deps.json"), Path.GetFileName(framework.Location));
        new AssemblyDependencyResolver(mainAssembly).ResolveAssemblyToPath(framework.GetName()).ShouldStartWith(pluginFolder);

        // When the plugin is loaded and its context asked for that assembly
        var plugin = PluginLoader.Load(pluginFolder);
        var context = AssemblyLoadContext.GetLoadContext(plugin.Entry.GetType().Assembly)!;

        // Then the answer is the host's own copy: EndPoint in the plugin is the EndPoint of the contract
        context.LoadFromAssemblyName(framework.GetName()).ShouldBeSameAs(framework);
    }

    [Test]
    public void A_folder_whose_assembly_is_not_a_dotnet_assembly_is_reported_with_its_path_and_reason()
    {
        using var folder = new TempFolder();
        folder.Write("Broken/Broken.dll", "this is not an assembly");

        var catalog = PluginCatalog.Load([folder.Path]);

        var problem = catalog.Problems.ShouldHaveSingleItem();
        problem.ShouldContain(Path.Combine(folder.Path, "Broken"));
        problem.ShouldContain("not a loadable .NET assembly");
    }

    [Test]
    public void A_folder_with_no_plugin_assembly_says_what_it_expected()
    {
        using var folder = new TempFolder();
        folder.Write("Empty/readme.txt", "nothing here");

        var error = Should.Throw<PluginLoadException>(() => PluginLoader.Load(Path.Combine(folder.Path, "Empty")));

        error.Message.ShouldContain("Empty.dll");
    }

    private static void ListInDepsJson(string depsJson, string assemblyFile)
    {
        var deps = JsonNode.Parse(File.ReadAllText(depsJson))!;
        var target = deps["targets"]!.AsObject().Single().Value!;
        target["Bundled.Framework/1.0.0"] = new JsonObject { ["runtime"] = new JsonObject { [assemblyFile] = new JsonObject() } };
        deps["libraries"]!["Bundled.Framework/1.0.0"] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = string.Empty };
        File.WriteAllText(depsJson, deps.ToJsonString());
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
