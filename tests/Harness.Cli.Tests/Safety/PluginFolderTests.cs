using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// Plugins load only from the folders harness.yaml names: a working plugin placed beside a scenario, in the
/// current folder, or named by a harness.yaml inside the scenario's folder is not loaded.
/// </summary>
[Category("robustness")]
public sealed class PluginFolderTests
{
    private static string Fixture => Path.Combine(HarnessProcess.Root, "artifacts", "fixtures", "Harness.Fixtures.YamlPlugin");

    private static string TcpPlugin => Path.Combine(HarnessProcess.Root, "artifacts", "plugins", "Harness.Transports.Tcp");

    [Test]
    public async Task A_plugin_beside_a_scenario_or_in_the_current_folder_is_not_loaded()
    {
        // Given harness.yaml naming only the tcp plugin, and copies of a working plugin (scheme yaml-fixture)
        // beside the scenario, in the current folder (as a plugin folder and as loose files), and named by a
        // harness.yaml in the scenario's own folder
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {TcpPlugin}\n");
        string[] plants =
        [
            Path.Combine(folder.Path, "suite", "Harness.Fixtures.YamlPlugin"),
            Path.Combine(folder.Path, "suite"),
            Path.Combine(folder.Path, "Harness.Fixtures.YamlPlugin"),
            Path.Combine(folder.Path, "plugins", "Harness.Fixtures.YamlPlugin"),
            folder.Path,
        ];
        foreach (var plant in plants)
        {
            CopyFolder(Fixture, plant);
        }

        folder.Write("suite/harness.yaml", "plugins:\n  - .\n  - Harness.Fixtures.YamlPlugin\n");
        folder.Write("suite/case.yaml", "name: fixture scheme\nsteps:\n  - connect: yaml-fixture://127.0.0.1:1\n");

        // When the plugins are listed and the scenario runs, from the folder holding the copies
        var plugins = await HarnessProcess.RunAsync(folder.Path, "plugins");
        var run = await HarnessProcess.RunAsync(folder.Path, "run", "suite/case.yaml");

        // Then only the tcp plugin is loaded, and the scenario cannot run for want of the scheme
        plugins.ExitCode.ShouldBe(0, plugins.ToString());
        plugins.Output.ShouldContain("transports: tcp (stream)");
        plugins.All.ShouldNotContain("yaml-fixture");
        plugins.All.ShouldNotContain("Harness.Fixtures.YamlPlugin");
        run.ExitCode.ShouldBe(3, run.ToString());
        run.All.ShouldContain("yaml-fixture");

        // And the same copy does load once harness.yaml names its folder: the plant was a working plugin
        folder.Write("harness.yaml", $"plugins:\n  - {TcpPlugin}\n  - {Path.Combine(folder.Path, "plugins")}\n");
        var named = await HarnessProcess.RunAsync(folder.Path, "plugins");
        named.Output.ShouldContain("yaml-fixture");

        RobustnessSummary.Append($"plugins: a working plugin planted in {plants.Length} places outside the folders harness.yaml names (and named by a harness.yaml beside the scenario): loaded 0 times; loaded once named");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
