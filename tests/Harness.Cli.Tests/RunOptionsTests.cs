using System.Text.Json;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>--filter, --fail-fast, --timeout, --parallel and --shard on the real CLI.</summary>
public sealed class RunOptionsTests
{
    private const string Passing = """
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "ping"
          - expect: "ping"
        """;

    private const string Failing = """
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "ping"
          - expect: "pong"
        """;

    [Test]
    public async Task A_tag_filter_runs_only_the_tagged_scenarios()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("s.yaml", $"name: tagged\ntags: [smoke]\n{Passing}\n---\nname: untagged\n{Failing}\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "s.yaml", "--filter", "tag:smoke");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("filter: 1 of 2 scenarios match");
        result.Output.ShouldContain("PASS  tagged");
        result.Output.ShouldNotContain("untagged");
    }

    [Test]
    public async Task A_filter_that_matches_nothing_is_invalid_input_rather_than_a_silent_pass()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("s.yaml", $"name: only\n{Passing}\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "s.yaml", "--filter", "name:*nothing*");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("no scenario matches --filter name:*nothing* (1 loaded)");
    }

    [Test]
    public async Task Fail_fast_stops_after_the_first_failure_and_counts_the_rest_as_skipped()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("s.yaml", $"name: a fails\n{Failing}\n---\nname: b\n{Passing}\n---\nname: c\n{Passing}\n");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "s.yaml", "--fail-fast", "--parallel", "1");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("SKIP  b (s.yaml): --fail-fast: an earlier scenario did not pass");
        result.Output.ShouldContain("0 passed, 1 failed, 0 errored, 2 skipped, 3 total");
    }

    [Test]
    public async Task The_global_timeout_bounds_scenarios_that_set_none()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("s.yaml", """
            name: waits
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: { text: "never", timeout: 30s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "s.yaml", "--timeout", "300ms");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("the scenario's timeout of 300 ms ran out");
    }

    [TestCase("--parallel", "0", "--parallel 0: expected a number of scenarios at once, 1 or more")]
    [TestCase("--shard", "4/3", "--shard '4/3': the shard number must be between 1 and the shard count (3)")]
    [TestCase("--timeout", "soon", "--timeout soon: expected a duration")]
    [TestCase("--filter", "file:x", "--filter file:x: unknown filter `file:`")]
    public async Task A_bad_option_value_is_invalid_input(string option, string value, string message)
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", "scenarios/echo.yaml", option, value);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain(message);
    }

    [Test]
    public async Task Three_shards_together_run_every_scenario_of_a_generated_suite_exactly_once()
    {
        // Given 32 scenarios in 8 files
        using var folder = new TempFolder();
        folder.WriteSettings();
        var all = new List<string>();
        for (var file = 0; file < 8; file++)
        {
            var documents = Enumerable.Range(0, 4).Select(i => $"name: f{file} s{i}\n{Passing}\n").ToList();
            all.AddRange(Enumerable.Range(0, 4).Select(i => $"f{file} s{i}"));
            folder.Write($"suite/f{file}.yaml", string.Join("---\n", documents));
        }

        // When the three shards run, as three CI jobs would
        var runs = await Task.WhenAll(Enumerable.Range(1, 3).Select(i =>
            HarnessProcess.RunAsync(folder.Path, "run", "suite", "--shard", $"{i}/3", "--json", $"shard{i}.json")));

        // Then each says what it took, and together they ran every scenario exactly once
        runs.ShouldAllBe(r => r.ExitCode == 0);
        runs[0].Output.ShouldContain("shard 1/3: 11 of 32 scenarios");
        runs[1].Output.ShouldContain("shard 2/3: 11 of 32 scenarios");
        runs[2].Output.ShouldContain("shard 3/3: 10 of 32 scenarios");
        var ran = Enumerable.Range(1, 3).SelectMany(i => Names(Path.Combine(folder.Path, $"shard{i}.json"))).ToList();
        ran.Count.ShouldBe(32);
        ran.ShouldBe(all, ignoreOrder: true);
    }

    private static List<string> Names(string jsonPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
        return json.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("outcome").GetString() == "passed")
            .Select(s => s.GetProperty("name").GetString()!)
            .ToList();
    }
}
