using Harness.Abstractions;
using Harness.Peers.Docker;

[assembly: HarnessPlugin(typeof(DockerPlugin))]

namespace Harness.Peers.Docker;

/// <summary>The plugin's entry point: contributes the <c>container</c> peer kind. Created by the host through <see cref="HarnessPluginAttribute"/>.</summary>
internal sealed class DockerPlugin : IHarnessPlugin
{
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddPeerKind(new ContainerPeerKind());
    }
}
