using System.Text.Json;
using System.Xml.Linq;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>`harness run scenarios/ --junit out.xml --json out.json`, end to end, checked by an outside validator.</summary>
public sealed class ReportTests
{
    private static TempFolder Suite()
    {
        var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("scenarios/echo.yaml", """
            name: echo
            tags: [smoke]
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!"
              - expect: { echo: true }
            ---
            name: echo <twice> & "quoted"
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "one"
              - expect: "one"
            """);
        folder.Write("scenarios/wrong.yaml", """
            name: wrong bytes
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!\0\e"
              - expect: { text: "Hello, World!", timeout: 1s }
              - close
            """);
        return folder;
    }

    [Test]
    public async Task The_junit_report_passes_xmllint_against_the_junit_schema_and_shows_the_failure_with_its_story()
    {
        using var folder = Suite();

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "scenarios", "--junit", "out/junit.xml", "--json", "out/report.json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var junit = Path.Combine(folder.Path, "out", "junit.xml");
        var lint = await Xmllint.ValidateAsync(junit, Xmllint.JUnitSchema);
        lint.ExitCode.ShouldBe(0, lint.ToString());
        lint.Error.ShouldContain("validates");

        var xml = XDocument.Load(junit);
        xml.Root!.Elements("testsuite").Select(s => s.Attribute("name")!.Value).ShouldBe(["scenarios/echo.yaml", "scenarios/wrong.yaml"]);
        xml.Descendants("testcase").Select(c => c.Attribute("name")!.Value).ShouldBe(["echo", "echo <twice> & \"quoted\"", "wrong bytes"]);
        var failure = xml.Descendants("failure").Single();
        failure.Value.ShouldContain("step 3: expect text \"Hello, World!\" (scenarios/wrong.yaml:7:5)");
        failure.Value.ShouldContain("first difference at byte 7");
        failure.Parent!.Element("system-out")!.Value.ShouldContain("transcript (last bytes each way):");
    }

    [Test]
    public async Task The_json_report_has_every_scenario_and_step_with_timings()
    {
        using var folder = Suite();

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "scenarios", "--json", "out/report.json");

        result.ExitCode.ShouldBe(1, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "out", "report.json")));
        var root = json.RootElement;
        root.GetProperty("version").GetInt32().ShouldBe(1);
        root.GetProperty("summary").GetProperty("passed").GetInt32().ShouldBe(2);
        var wrong = root.GetProperty("scenarios")[2];
        wrong.GetProperty("outcome").GetString().ShouldBe("failed");
        wrong.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()).ShouldBe(["passed", "passed", "failed", "notRun"]);
        wrong.GetProperty("steps")[0].GetProperty("durationMs").GetDouble().ShouldBeGreaterThan(0);
        wrong.GetProperty("failure").GetProperty("received").GetProperty("length").GetInt32().ShouldBe(16);
    }

    [Test]
    public async Task A_report_that_cannot_be_written_is_named_on_stderr_while_the_console_and_other_reports_go_on()
    {
        using var folder = Suite();
        folder.Write("blocked", "a file where a folder should be");

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "scenarios/echo.yaml", "--junit", "blocked/junit.xml", "--json", "report.json");

        result.Error.ShouldContain("harness: the JUnit report (blocked/junit.xml) failed:");
        result.Output.ShouldContain("2 passed, 0 failed");
        File.Exists(Path.Combine(folder.Path, "report.json")).ShouldBeTrue();
        result.ExitCode.ShouldBe(3, "every scenario passed, but a report CI asked for is missing");
    }

    [Test]
    public async Task An_interrupted_run_still_writes_valid_reports_with_the_rest_skipped()
    {
        // Given a run whose second scenario waits a long time
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("a.yaml", """
            name: quick
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
            ---
            name: slow
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: { text: "never sent", timeout: 30s }
            """);
        using var process = HarnessProcess.Start(folder.Path, "run", "a.yaml", "--parallel", "1", "--junit", "junit.xml", "--json", "report.json");
        var output = new System.Text.StringBuilder();
        var firstPassed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("PASS", StringComparison.Ordinal) == true)
            {
                firstPassed.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();

        // When SIGTERM arrives while the slow one runs
        await firstPassed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(deadline.Token);
        var rest = output.ToString();

        // Then it exits 143 after writing both reports, the slow scenario skipped as interrupted
        process.ExitCode.ShouldBe(143, rest + await stderr);
        rest.ShouldContain("interrupted");
        var xml = XDocument.Load(Path.Combine(folder.Path, "junit.xml"));
        xml.Descendants("testcase").Last().Element("skipped")!.Attribute("message")!.Value.ShouldContain("interrupted");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "report.json")));
        json.RootElement.GetProperty("interrupted").GetBoolean().ShouldBeTrue();
        Directory.GetFiles(folder.Path, "*.tmp").ShouldBeEmpty();
    }

    [Test]
    public async Task Output_to_a_pipe_is_plain_lines_even_without_NO_COLOR()
    {
        using var folder = Suite();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { HarnessProcess.HarnessDll, "run", "scenarios" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("NO_COLOR");
        info.Environment["TERM"] = "xterm-256color";
        using var process = System.Diagnostics.Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(1, output + await error);
        output.ShouldNotContain("\u001b");
        output.ShouldNotContain("\r");
        output.ShouldContain("FAIL  wrong bytes (scenarios/wrong.yaml)");
    }
}
