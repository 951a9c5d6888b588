using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary><c>harness plugins</c>, and runs with plugin folders that fail to load.</summary>
public sealed class PluginsCommandTests
{
    private static string Fixture(string name) => Path.Combine(HarnessProcess.Root, "artifacts", "fixtures", "Harness.Fixtures." + name);

    private static string Plugins => Path.Combine(HarnessProcess.Root, "artifacts", "plugins");

    [Test]
    public async Task Plugins_lists_the_three_transport_plugins_with_folder_version_and_schemes()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "plugins");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Harness.Transports.Tcp 0.1.0\n  folder:     artifacts/plugins/Harness.Transports.Tcp\n  transports: tcp (stream)");
        result.Output.ShouldContain("Harness.Transports.Udp 0.1.0\n  folder:     artifacts/plugins/Harness.Transports.Udp\n  transports: udp (datagram)");
        result.Output.ShouldContain("Harness.Transports.IPv6 0.1.0\n  folder:     artifacts/plugins/Harness.Transports.IPv6\n  transports: tcp6 (stream), udp6 (datagram)");
        result.Output.ShouldNotContain("problems:");
    }

    [Test]
    public async Task Plugins_lists_failed_folders_with_path_and_reason_and_still_exits_0()
    {
        using var folder = new TempFolder();
        var broken = Path.Combine(folder.Path, "Broken");
        folder.Write("Broken/Broken.dll", "not an assembly");
        folder.Write("harness.yaml", $"plugins:\n  - {Plugins}\n  - {Fixture("ThrowingPlugin")}\n  - {broken}\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "plugins");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("transports: udp (datagram)");
        result.Output.ShouldContain($"plugin {Fixture("ThrowingPlugin")}: registration failed: InvalidOperationException: the throwing fixture always fails to register");
        result.Output.ShouldContain($"plugin {broken}: Broken.dll is not a loadable .NET assembly");
    }

    [Test]
    public async Task Plugins_exits_3_when_no_plugin_loads()
    {
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {Path.Combine(folder.Path, "none")}\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "plugins");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("(missing)");
        result.Error.ShouldContain("no plugin loaded");
    }

    [Test]
    public async Task Scenarios_that_do_not_need_a_failed_plugin_still_run()
    {
        // Given a plugin whose registration throws and a folder holding a broken assembly, beside the real plugins
        using var folder = new TempFolder();
        var broken = Path.Combine(folder.Path, "Broken");
        folder.Write("Broken/Broken.dll", "not an assembly");
        folder.Write("harness.yaml", $"plugins:\n  - {Plugins}\n  - {Fixture("ThrowingPlugin")}\n  - {broken}\n");
        File.Copy(Path.Combine(HarnessProcess.Root, "scenarios", "echo.yaml"), Path.Combine(folder.Path, "echo.yaml"));

        // When a tcp scenario runs
        var result = await HarnessProcess.RunAsync(folder.Path, "run", "echo.yaml");

        // Then it passes, and both failures are reported with their folder and reason
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Error.ShouldContain($"plugin {Fixture("ThrowingPlugin")}: registration failed");
        result.Error.ShouldContain($"plugin {broken}: Broken.dll is not a loadable .NET assembly");
    }

    [Test]
    public async Task A_scheme_claimed_by_two_plugins_stops_only_the_scenarios_using_it_naming_both()
    {
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {Plugins}\n  - {Fixture("DuplicateTcpPlugin")}\n");
        folder.Write("both.yaml", """
            name: needs tcp
            steps:
              - connect: tcp://127.0.0.1:7
            ---
            name: needs udp
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "hi"
              - expect: { echo: true }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "both.yaml");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("PASS  needs udp");
        result.Output.ShouldContain("scheme 'tcp' is claimed by two plugins, Harness.Transports.Tcp");
        result.Output.ShouldContain("Harness.Fixtures.DuplicateTcpPlugin");
    }

    [Test]
    public async Task A_plugin_with_its_own_yamldotnet_runs_a_scenario_end_to_end_beside_the_hosts()
    {
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {Plugins}\n  - {Fixture("YamlPlugin")}\n");
        folder.Write("yaml.yaml", """
            name: side by side
            steps:
              - connect: yaml-fixture://fixture:1
              - send: "greeting: hello"
              - expect: "hello (YamlDotNet 15.0.0.0)"
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "yaml.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
    }
}
