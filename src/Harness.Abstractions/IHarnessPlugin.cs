namespace Harness.Abstractions;

/// <summary>
/// A plugin's entry point. The host finds it through <see cref="HarnessPluginAttribute"/> on the
/// plugin assembly (it never scans types), creates it with its parameterless constructor, and calls
/// <see cref="Register"/> once.
/// </summary>
public interface IHarnessPlugin
{
    /// <summary>Adds what the plugin contributes.</summary>
    /// <param name="registry">Where to add transports and peer kinds.</param>
    void Register(IPluginRegistry registry);
}

/// <summary>Names a plugin assembly's entry class.</summary>
/// <param name="pluginType">A class implementing <see cref="IHarnessPlugin"/> with a parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class HarnessPluginAttribute(Type pluginType) : Attribute
{
    /// <summary>The entry class.</summary>
    public Type PluginType { get; } = pluginType;
}

/// <summary>What a plugin can contribute to the host.</summary>
public interface IPluginRegistry
{
    /// <summary>Adds a transport; its <see cref="ITransport.Scheme"/> must not be claimed by another plugin.</summary>
    /// <param name="transport">The transport.</param>
    void AddTransport(ITransport transport);

    /// <summary>Adds a kind of peer, such as <c>container</c>; its name must not be claimed by another plugin.</summary>
    /// <param name="peerKind">The peer kind.</param>
    void AddPeerKind(IPeerKind peerKind);
}
