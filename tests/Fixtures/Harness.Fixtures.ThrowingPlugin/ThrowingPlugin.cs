using Harness.Abstractions;
using Harness.Fixtures.ThrowingPlugin;

[assembly: HarnessPlugin(typeof(ThrowingPlugin))]

namespace Harness.Fixtures.ThrowingPlugin;

/// <summary>A plugin with a bug in its registration: the host must report it and carry on.</summary>
internal sealed class ThrowingPlugin : IHarnessPlugin
{
    public void Register(IPluginRegistry registry) =>
        throw new InvalidOperationException("the throwing fixture always fails to register");
}
