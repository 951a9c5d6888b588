using System.Runtime.Loader;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Harness.Engine.Tests.Plugins;

/// <summary>The plugin system on real plugin projects built from tests/Fixtures and plugins/.</summary>
public sealed class FixturePluginTests
{
    [Test]
    public async Task A_plugin_with_its_own_older_yamldotnet_loads_and_works_beside_the_hosts_copy()
    {
        // Given the host, which parses scenarios with its YamlDotNet, and a plugin built against YamlDotNet 15.3.0
        var catalog = PluginCatalog.Load([Repository.Fixture("YamlPlugin")]);
        catalog.Problems.ShouldBeEmpty();

        // When the plugin's transport (whose registration already parsed YAML) parses YAML again
        catalog.TryGetTransport("yaml-fixture", out var transport).ShouldBeTrue();
        await using var connection = (IStreamConnection)await transport.ConnectAsync(new TransportAddress("yaml-fixture", "x", 1), TransportOptions.None, default);
        await connection.SendAsync("greeting: hello"u8.ToArray(), default);
        var buffer = new byte[256];
        var reply = Encoding.UTF8.GetString(buffer, 0, await connection.ReceiveAsync(buffer, default));

        // Then each side used its own copy: two YamlDotNet assemblies of different versions in one process
        var pluginYaml = AssemblyLoadContext.GetLoadContext(transport.GetType().Assembly)!.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        var hostYaml = typeof(YamlStream).Assembly;
        pluginYaml.ShouldNotBeSameAs(hostYaml);
        pluginYaml.GetName().Version.ShouldBe(new Version(15, 0, 0, 0));
        hostYaml.GetName().Version!.Major.ShouldBe(16);
        reply.ShouldBe($"hello (YamlDotNet {pluginYaml.GetName().Version})");
        var hostParse = new YamlStream();
        hostParse.Load(new StringReader("host: still works"));
        ((YamlScalarNode)((YamlMappingNode)hostParse.Documents[0].RootNode)["host"]).Value.ShouldBe("still works");
    }

    [Test]
    public void A_plugin_whose_registration_throws_is_reported_with_its_folder_and_the_others_still_load()
    {
        var throwing = Repository.Fixture("ThrowingPlugin");

        var catalog = PluginCatalog.Load([throwing, Repository.PluginsFolder]);

        var problem = catalog.Problems.ShouldHaveSingleItem();
        problem.ShouldContain(throwing);
        problem.ShouldContain("registration failed");
        problem.ShouldContain("the throwing fixture always fails to register");
        catalog.Schemes.Order(StringComparer.Ordinal).ShouldBe(["tcp", "tcp6", "udp", "udp6"]);
    }

    [Test]
    public void A_scheme_claimed_by_two_plugins_is_used_by_neither_and_explained_naming_both()
    {
        var duplicate = Repository.Fixture("DuplicateTcpPlugin");

        var catalog = PluginCatalog.Load([Repository.PluginsFolder, duplicate]);

        catalog.TryGetTransport("tcp", out _).ShouldBeFalse();
        catalog.TryGetTransport("udp", out _).ShouldBeTrue();
        var explanation = catalog.ExplainMissingTransport("tcp");
        explanation.ShouldContain("Harness.Transports.Tcp");
        explanation.ShouldContain("Harness.Fixtures.DuplicateTcpPlugin");
        explanation.ShouldContain(duplicate);
        catalog.Problems.ShouldHaveSingleItem().ShouldContain("claimed by two plugins");
    }

    [Test]
    public void The_transport_plugins_each_load_their_own_copy_of_the_socket_sdk()
    {
        var catalog = PluginCatalog.Load([Repository.PluginsFolder]);

        var sdkCopies = catalog.Schemes
            .Select(scheme => catalog.TryGetTransport(scheme, out var transport) ? transport.GetType().Assembly : null)
            .Distinct()
            .ToList();

        // tcp6 and udp6 come from one plugin: three plugins, three contexts, three copies of one SDK assembly
        sdkCopies.Count.ShouldBe(3);
        sdkCopies.ShouldAllBe(a => a!.GetName().Name == "Harness.Transports.Sockets");
        sdkCopies.Select(a => AssemblyLoadContext.GetLoadContext(a!)).Distinct().Count().ShouldBe(3);
    }
}
