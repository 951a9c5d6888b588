namespace Harness.Engine.Plugins;

/// <summary>A plugin folder could not be loaded; the message names the folder and the reason.</summary>
public sealed class PluginLoadException : Exception
{
    public PluginLoadException(string folder, string reason, Exception? innerException = null)
        : base($"plugin {folder}: {reason}", innerException)
    {
        Folder = folder;
        Reason = reason;
    }

    public PluginLoadException()
        : this(string.Empty, "unknown")
    {
    }

    public PluginLoadException(string message)
        : this(string.Empty, message)
    {
    }

    public PluginLoadException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    public string Folder { get; }

    public string Reason { get; }
}
