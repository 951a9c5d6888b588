namespace Harness.Cli.Tests.Support;

/// <summary>A folder that is deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harness-cli-tests-" + Guid.NewGuid().ToString("n")[..8]);

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>A harness.yaml that loads the repository's built plugins.</summary>
    public string WriteSettings(string? pluginsFolder = null) =>
        Write("harness.yaml", $"plugins:\n  - {pluginsFolder ?? System.IO.Path.Combine(HarnessProcess.Root, "artifacts", "plugins")}\n");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
