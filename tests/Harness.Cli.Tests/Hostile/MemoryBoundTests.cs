using System.Globalization;
using Harness.Cli.Tests.Safety;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Hostile;

/// <summary>
/// Memory stays bounded wherever data comes in, through the real CLI: the received-data limit set in harness.yaml
/// (and checked there), a gigabyte passing through one connection, and a process peer that prints a gigabyte
/// without a line break. Peak memory is the process's VmHWM.
/// </summary>
[Category("robustness")]
public sealed class MemoryBoundTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>What the runtime, the plugins and the GC's slack take besides the data: a generous allowance.</summary>
    private const long Runtime = 200 * MiB;

    private static readonly List<string> s_figures = [];

    [OneTimeTearDown]
    public static void Summarize() =>
        RobustnessSummary.Append($"memory bounds: {string.Join("; ", s_figures)}");

    [Test]
    public async Task The_limit_set_in_harness_yaml_stops_a_flood_there_for_contains_until_close_and_closed()
    {
        // Given harness.yaml with a 1 MiB limit, and a peer that floods
        await using var server = new HostileTcpServer(HostileBehaviour.Flood, HostileExpectation.Replies);
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {Path.Combine(HarnessProcess.Root, "artifacts", "plugins")}\ndefaults:\n  maxReceive: 1MiB\n");
        var expectations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["contains"] = "contains: \"never\"",
            ["until close"] = "text: \"hello\", until: close",
            ["closed"] = "closed: true",
        };
        folder.Write("flood.yaml", string.Join("\n---\n", expectations.Select(e => $$"""
            name: {{e.Key}}
            parallel: true
            peers:
              server: { address: "tcp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "flood\n"
              - expect: { {{e.Value}} }
                timeout: 20s
            """)));

        // When they run
        var run = await MeasuredRun.RunAsync(folder.Path, TimeSpan.FromSeconds(60), "run", "flood.yaml", "--json", "report.json", "--parallel", "3");

        // Then the two that wait fail at 1 MiB, naming it; closed fails on the first bytes; memory stays near the runtime's
        const string limit = @"that is the received-data limit of 1 MiB \(defaults\.maxReceive in harness\.yaml\)$";
        HostileRuns.Check(run, ReportedScenario.Read(Path.Combine(folder.Path, "report.json")), new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["contains"] = "^1048576 bytes arrived without a decision: " + limit,
            ["until close"] = "^1048576 bytes arrived without a decision: " + limit,
            ["closed"] = @"^\d+ bytes arrived instead$",
        }, TimeSpan.FromSeconds(20));
        run.PeakBytes.ShouldBeLessThan(Runtime, $"peak {run.PeakMiB:0} MiB");
        s_figures.Add(string.Create(CultureInfo.InvariantCulture, $"maxReceive: 1MiB stops 3 floods (contains, until close, closed) at 1 MiB, peak {run.PeakMiB:0} MiB"));
    }

    [Test]
    public async Task A_mistaken_limit_in_harness_yaml_is_reported_at_its_place_and_nothing_runs()
    {
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $"plugins:\n  - {Path.Combine(HarnessProcess.Root, "artifacts", "plugins")}\ndefaults:\n  maxReceive: 64mb\n");
        folder.Write("echo.yaml", "name: echo\nsteps:\n  - sleep: 1ms\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "echo.yaml");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("harness.yaml:4:15: maxReceive: '64mb' is not a size; expected a size such as 4096, 512B, 64KiB, 1MB or 1.5MiB (KB = 1000 bytes, KiB = 1024)");
        s_figures.Add("maxReceive: 64mb rejected at harness.yaml:4:15 (exit 2)");
    }

    [Test]
    public async Task A_gigabyte_through_one_connection_read_by_expects_in_16_MiB_pieces_passes_in_bounded_memory()
    {
        // Given a peer that floods, and a scenario that reads 1 GiB of it, 16 MiB at a time
        await using var server = new HostileTcpServer(HostileBehaviour.Flood, HostileExpectation.Replies);
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("gigabyte.yaml", $$"""
            name: a gigabyte
            peers:
              server: { address: "tcp://127.0.0.1:{{server.Port}}" }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "flood\n"
              - repeat: 64
                steps:
                  - expect: { length: 16777216 }
                    timeout: 20s
            """);

        // When it runs
        var run = await MeasuredRun.RunAsync(folder.Path, TimeSpan.FromSeconds(60), "run", "gigabyte.yaml");

        // Then it passes, and memory holds one buffer of at most the 64 MiB limit (and what its growing left), not the gigabyte
        run.Result.ExitCode.ShouldBe(0, run.Result.ToString());
        server.Sent.ShouldBeGreaterThanOrEqualTo(1L << 30);
        run.PeakBytes.ShouldBeLessThan(Runtime + (2 * 64 * MiB), $"peak {run.PeakMiB:0} MiB");
        s_figures.Add(string.Create(CultureInfo.InvariantCulture, $"1 GiB read through one connection in {run.Wall.TotalSeconds:0.0} s, peak {run.PeakMiB:0} MiB"));
    }

    [Test]
    public async Task A_process_peer_that_prints_a_gigabyte_without_a_line_break_shows_it_cut_and_costs_no_more()
    {
        // Given a process peer that prints 1 GiB with no line break, then a line that says it is done
        using var folder = new TempFolder();
        folder.WriteSettings();
        var marker = Processes.NewMarker();
        folder.Write("noisy.yaml", $$"""
            name: one endless line
            peers:
              noisy:
                process:
                  command: "head -c 1073741824 /dev/zero | tr '\\0' y; printf '\\ndone\\n'; sleep 30"
                  shell: true
                  ready: { delay: 100ms }
                  env: { HARNESS_TEST_MARKER: {{marker}} }
            steps:
              - expect: { output: "done", peer: noisy, timeout: 40s }
              - expect: { output: "never printed", peer: noisy, timeout: 200ms }
            """);

        // When it runs (the second expect fails, so that the report shows the output)
        var run = await MeasuredRun.RunAsync(folder.Path, TimeSpan.FromSeconds(90), "run", "noisy.yaml", "--json", "report.json");

        // Then the harness read the gigabyte through, kept the line cut and marked, and stayed near the runtime's own memory
        run.Result.ExitCode.ShouldBe(1, run.Result.ToString());
        var scenario = ReportedScenario.Read(Path.Combine(folder.Path, "report.json")).Values.Single();
        scenario.Message.ShouldBe("no new line of peer 'noisy' output contained \"never printed\" within 200 ms");
        var output = scenario.PeerOutputs.Single();
        output.ShouldContain("[... cut: the line is longer than 8192 characters]");
        output.ShouldContain("done");
        output.Length.ShouldBeLessThan(10_000);
        run.PeakBytes.ShouldBeLessThan(Runtime, $"peak {run.PeakMiB:0} MiB");
        (await Processes.CountAfterSettlingAsync(marker)).ShouldBe(0, "the peer's processes were stopped with it");
        s_figures.Add(string.Create(CultureInfo.InvariantCulture, $"process peer printing 1 GiB without a line break: kept as 8192 characters marked cut, peak {run.PeakMiB:0} MiB"));
    }
}
