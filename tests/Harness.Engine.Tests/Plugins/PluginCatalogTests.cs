using Harness.Abstractions;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Plugins;

public sealed class PluginCatalogTests
{
    [Test]
    public void A_missing_transport_is_explained_with_the_folders_searched()
    {
        var missing = Path.Combine(Path.GetTempPath(), "harness-no-plugins-" + Guid.NewGuid().ToString("n"));
        var catalog = PluginCatalog.Load([missing]);

        var explanation = catalog.ExplainMissingTransport("tcp");

        explanation.ShouldContain("'tcp'");
        explanation.ShouldContain(missing + " (missing)");
    }

    [Test]
    public void The_repository_plugins_folder_provides_tcp()
    {
        var catalog = PluginCatalog.Load([Repository.PluginsFolder]);

        catalog.Problems.ShouldBeEmpty();
        catalog.Schemes.ShouldContain("tcp");
        catalog.Plugins.ShouldContain(p => p.Name == "Harness.Transports.Tcp" && p.Transports.Contains("tcp (stream)"));
    }

    [Test]
    public void Two_plugins_claiming_one_scheme_is_an_error_naming_both()
    {
        var catalog = PluginCatalog.FromPlugins(new FakePlugin("x"), new FakePlugin("x"));

        catalog.Problems.ShouldHaveSingleItem().ShouldContain("scheme 'x' is claimed by two plugins");
    }

    [Test]
    public void A_plugin_whose_registration_throws_is_reported_and_the_others_still_load()
    {
        var catalog = PluginCatalog.FromPlugins(new ThrowingPlugin(), new FakePlugin("y"));

        catalog.Problems.ShouldHaveSingleItem().ShouldContain("registration failed");
        catalog.Schemes.ShouldBe(["y"]);
    }

    private sealed class FakePlugin(string scheme) : IHarnessPlugin
    {
        public void Register(IPluginRegistry registry) => registry.AddTransport(new ScriptedTransportWithScheme(scheme));
    }

    private sealed class ThrowingPlugin : IHarnessPlugin
    {
        public void Register(IPluginRegistry registry) => throw new InvalidOperationException("boom");
    }

    private sealed class ScriptedTransportWithScheme(string scheme) : ITransport
    {
        public string Scheme => scheme;

        public TransportKind Kind => TransportKind.Stream;

        public ValueTask<IConnection> ConnectAsync(TransportAddress remote, TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<IListener> ListenAsync(TransportAddress local, TransportOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
