namespace Harness.Benchmarks;

/// <summary>
/// Where benchmarks/run.sh put the programs measured as whole processes: the harness published with
/// ReadyToRun, its plugins published the same way, the plain Release build (what `dotnet tool install`
/// gives: IL only, compiled at run time), and the raw echo client.
/// </summary>
internal sealed record Paths(string Root)
{
    public string Bench => Path.Combine(Root, "artifacts", "bench");

    public string HarnessR2R => Path.Combine(Bench, "harness", "harness.dll");

    public string PluginsR2R => Path.Combine(Bench, "plugins");

    public string HarnessPlain => Path.Combine(Root, "src", "Harness.Cli", "bin", "Release", "net10.0", "harness.dll");

    public string PluginsPlain => Path.Combine(Root, "artifacts", "plugins");

    public string RawEchoClient => Path.Combine(Bench, "raw-echo-client", "RawEchoClient.dll");

    public void Check()
    {
        foreach (var file in new[] { HarnessR2R, HarnessPlain, RawEchoClient })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} is missing: run the benchmarks with benchmarks/run.sh, which builds it");
            }
        }
    }

    /// <summary>A scratch folder with a harness.yaml naming <paramref name="plugins"/>.</summary>
    public static string Scratch(string plugins)
    {
        var folder = Directory.CreateTempSubdirectory("harness-bench-").FullName;
        File.WriteAllText(Path.Combine(folder, "harness.yaml"), $"plugins:\n  - {plugins}\n");
        return folder;
    }
}
