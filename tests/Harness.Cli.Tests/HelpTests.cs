using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

public sealed class HelpTests
{
    [Test]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "--help");

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain("harness run <files or folders>");
        result.Output.ShouldContain("3  the run could not happen");
    }

    [Test]
    public async Task Run_help_lists_its_options()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", "--help");

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain("--var <name=value>");
    }

    [Test]
    public async Task An_unknown_command_is_invalid_input()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "rnu", "scenarios/echo.yaml");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("unknown command 'rnu'");
    }

    [Test]
    public async Task An_unknown_option_is_invalid_input()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", "scenarios/echo.yaml", "--vra", "x=1");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("unknown option --vra");
    }
}
