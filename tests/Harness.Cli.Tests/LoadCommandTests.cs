using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary><c>harness load</c> on the real CLI: rates and percentiles, thresholds and exit codes.</summary>
public sealed class LoadCommandTests
{
    private const string Echo = """
        name: echo under load
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "Hello, Server!"
          - expect: { echo: true }
          - close
        """;

    [Test]
    public async Task A_short_load_prints_rates_and_percentiles_per_step_and_passes()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("echo.yaml", Echo + "\nload:\n  thresholds: { max: 30s, error_rate: 1% }\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "load", "echo.yaml", "--clients", "2", "--duration", "300ms");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("load: echo under load (echo.yaml), 2 clients, for 300 ms");
        result.Output.ShouldMatch(@"iterations: [\d,]+ in [\d.]+s \([\d,]+/s\), failed: 0 \(0%\)");
        result.Output.ShouldContain("p99.9");
        result.Output.ShouldMatch(@"3 expect the echo of the last send\s+[\d,]+\s+0\s");
        result.Output.ShouldContain("load: PASSED");
    }

    [Test]
    public async Task A_scenario_that_starts_a_peer_in_its_steps_is_refused_with_exit_2_and_where()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("manual.yaml", """
            name: manual start
            peers:
              server:
                builtin: echo
                start: manual
            steps:
              - start: server
              - connect: tcp://${peers.server.endpoint}
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "load", "manual.yaml", "--iterations", "2");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("manual.yaml:7:5: `harness load` repeats the steps on every client, so it cannot run a `start` step");
    }

    [Test]
    public async Task A_broken_threshold_exits_1_and_says_which()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("wrong.yaml", """
            name: wrong reply
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "ping"
              - expect: { text: "pong", timeout: 1s }
            load:
              thresholds: { error_rate: 10% }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "load", "wrong.yaml", "--iterations", "5");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("threshold broken: error rate 100% (5 of 5 iterations failed) is above 10%");
        result.Output.ShouldContain("5 x step 3 (expect text \"pong\"): differs at byte 1");
        result.Output.ShouldContain("load: FAILED");
    }

    [TestCase("--clients", "0", "--clients 0: expected a number from 1 to 100000")]
    [TestCase("--duration", "soon", "--duration soon: expected a duration such as 500ms, 2s, 1.5s or 1m")]
    [TestCase("--iterations", "-3", "--iterations -3: expected a number, 1 or more")]
    public async Task A_bad_option_is_invalid_input(string option, string value, string message)
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("echo.yaml", Echo);

        var result = await HarnessProcess.RunAsync(folder.Path, "load", "echo.yaml", option, value);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain(message);
    }

    [Test]
    public async Task A_file_with_two_scenarios_is_invalid_input()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("two.yaml", Echo + "\n---\n" + Echo.Replace("echo under load", "again", StringComparison.Ordinal));

        var result = await HarnessProcess.RunAsync(folder.Path, "load", "two.yaml", "--iterations", "1");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("two.yaml holds 2 scenarios; `harness load` runs one");
    }
}
