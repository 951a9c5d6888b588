using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>The real CLI on real loopback sockets: exit codes and what a person reads.</summary>
public sealed class RunCommandTests
{
    [Test]
    public async Task The_echo_scenario_passes_with_exit_code_0()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", "scenarios/echo.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("PASS  TCP echo (scenarios/echo.yaml)");
        result.Output.ShouldContain("1 passed, 0 failed");
    }

    [Test]
    public async Task A_wrong_expectation_exits_1_and_shows_expected_against_received()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("wrong.yaml", """
            name: wrong expectation
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!"
              - expect: "Hello, World!"
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "wrong.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("FAIL  wrong expectation (wrong.yaml)");
        result.Output.ShouldContain("step 3: expect text \"Hello, World!\" (wrong.yaml:7:5)");
        result.Output.ShouldContain("expected: text \"Hello, World!\"");
        result.Output.ShouldContain("\"Hello, Server!\" (14 bytes)");
    }

    [Test]
    public async Task Unprintable_bytes_are_shown_as_a_hex_dump()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("binary.yaml", """
            name: binary
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: { hex: "00 01 02 ff" }
              - expect: { hex: "00 01 02 fe" }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "binary.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("00000000  00 01 02 ff");
    }

    [Test]
    public async Task A_misspelt_key_exits_2_naming_file_line_column_and_the_key_without_a_stack_trace()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("typo.yaml", """
            name: typo
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: { text: "x", timeuot: 2s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "typo.yaml");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("typo.yaml:6:26: unknown field `timeuot` in step `expect`; did you mean `timeout`?");
        result.All.ShouldNotContain("   at ");
    }

    [Test]
    public async Task Every_invalid_file_is_reported_and_nothing_runs()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("a.yaml", "name: a\nsteps:\n  - sned: x\n");
        folder.Write("b.yaml", "name: b\nsteps: [\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", ".");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("a.yaml:3:5: unknown step `sned`; did you mean `send`?");
        result.Error.ShouldContain("b.yaml:");
        result.Output.ShouldNotContain("PASS");
    }

    [Test]
    public async Task Without_the_tcp_plugin_the_run_exits_3_naming_the_transport_and_the_folders_searched()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-plugins-here");
        folder.WriteSettings(missing);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", Path.Combine(HarnessProcess.Root, "scenarios", "echo.yaml"));

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("'tcp'");
        result.Output.ShouldContain(missing + " (missing)");
    }

    [Test]
    public async Task A_missing_scenario_file_is_invalid_input()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", "scenarios/no-such-file.yaml");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("scenarios/no-such-file.yaml: no such file or folder");
    }

    [Test]
    public async Task Variables_from_the_command_line_reach_the_scenario()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("vars.yaml", """
            name: variables
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "${greeting}, Server!"
              - expect: "Hi, Server!"
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "vars.yaml", "--var", "greeting=Hi");

        result.ExitCode.ShouldBe(0, result.ToString());
    }
}
