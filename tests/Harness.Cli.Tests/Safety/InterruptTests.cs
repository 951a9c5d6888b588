using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// SIGINT and SIGTERM at random moments of real runs (built-in and process peers, with and without report
/// files): whatever the moment, the harness exits with the signal's code, leaves no process and no listening
/// socket behind, and any report it wrote is a whole, valid document.
/// </summary>
[Category("robustness")]
public sealed class InterruptTests
{
    private const int Runs = 50;
    private const int AtOnce = 5;

    /// <summary>
    /// Signals land up to this long after their starting point, while the suite (about 5 s) runs: one run in five
    /// counts from the process start (the runtime starting, scenarios loading), the others from the moment the
    /// run's first peer listens, so that most land mid-scenario whatever the machine's load.
    /// </summary>
    private const int LatestSignalMs = 3000;

    [Test]
    public async Task Runs_interrupted_at_random_moments_leave_no_process_no_listener_and_only_valid_reports()
    {
        // Given a suite with built-in peers, process peers (with children of their own) and a failing scenario
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HARNESS_INTERRUPT_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        using var folder = new TempFolder();
        folder.WriteSettings();
        WriteSuite(folder);
        var random = new Random(seed);
        var runs = Enumerable.Range(1, Runs)
            .Select(i => new InterruptRun(i, i % 2 == 1 ? "INT" : "TERM", i % 5 == 0, random.Next(0, LatestSignalMs), (ReportKinds)((i - 1) / 2 % 4)))
            .ToList();

        // When each run is interrupted at its moment (a few runs at a time)
        var clock = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(AtOnce);
        var outcomes = await Task.WhenAll(runs.Select(async run =>
        {
            await slots.WaitAsync();
            try
            {
                return await InterruptAsync(folder, run);
            }
            finally
            {
                slots.Release();
            }
        }));

        // Then every run ended with the signal's exit code and left nothing behind
        var problems = outcomes.SelectMany(o => o.Problems.Select(p => $"seed {seed}, run {o.Run.Number} (SIG{o.Run.Signal} {o.Run.DelayMs} ms after {(o.Run.FromStart ? "the process started" : "the first peer listened")}, reports: {o.Run.Reports}): {p}")).ToList();
        var reportsWritten = outcomes.Sum(o => o.ReportsValid + o.ReportsInvalid);
        RobustnessSummary.Append(
            $"interrupts: {Runs} runs ({runs.Count(r => r.Signal == "INT")} SIGINT, {runs.Count(r => r.Signal == "TERM")} SIGTERM, seed {seed}; " +
            $"{outcomes.Count(o => o.Started)} landed mid-run, {outcomes.Count(o => !o.Started)} during start-up), " +
            $"processes left: {outcomes.Sum(o => o.ProcessesLeft)} (of {outcomes.Sum(o => o.ProcessesAtSignal)} peer processes running at the signals), " +
            $"sockets left: {outcomes.Sum(o => o.SocketsLeft)} (of {outcomes.Sum(o => o.ListenersAtSignal)} listening at the signals), " +
            $"reports valid: {outcomes.Sum(o => o.ReportsValid)} of {reportsWritten} written ({outcomes.Sum(o => o.ReportsExpected)} asked for), " +
            $"wrong exit codes: {outcomes.Count(o => !o.ExitCodeRight)}, {clock.Elapsed.TotalSeconds:0.0} s");
        problems.ShouldBeEmpty($"replay with HARNESS_INTERRUPT_SEED={seed}");
    }

    private static async Task<InterruptOutcome> InterruptAsync(TempFolder folder, InterruptRun run)
    {
        var outcome = new InterruptOutcome(run);
        var marker = "harness-safety-" + Guid.NewGuid().ToString("n")[..12];
        var reports = Path.Combine(folder.Path, "reports", $"run{run.Number}");
        var junit = Path.Combine(reports, "junit.xml");
        var json = Path.Combine(reports, "report.json");
        var arguments = new List<string> { "run", "suite" };
        if (run.Reports.HasFlag(ReportKinds.JUnit))
        {
            arguments.AddRange(["--junit", junit]);
        }

        if (run.Reports.HasFlag(ReportKinds.Json))
        {
            arguments.AddRange(["--json", json]);
        }

        using var harness = Start(folder.Path, marker, arguments);
        var stdout = harness.StandardOutput.ReadToEndAsync();
        var stderr = harness.StandardError.ReadToEndAsync();
        if (!run.FromStart && !await FirstListenerAsync(harness, marker))
        {
            outcome.Problems.Add("no peer listened within 30 s");
        }

        await Task.Delay(run.DelayMs);
        if (harness.HasExited)
        {
            outcome.Problems.Add($"the run ended (exit {harness.ExitCode}) before the signal; the suite is meant to outlast {LatestSignalMs} ms");
        }

        // The listeners the run holds right now (its own and its peers'), to look for them again after it ends.
        var running = ProcScan.MarkedProcesses(marker);
        outcome.ProcessesAtSignal = running.Count(pid => pid != harness.Id);
        var held = ProcScan.ListeningInodesOf([harness.Id, .. running]);
        outcome.ListenersAtSignal = held.Count;
        await Signals.SendAsync(harness.Id, run.Signal);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await harness.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                outcome.Problems.Add("the harness did not exit within 30 s of the signal");
                harness.Kill(entireProcessTree: true);
                await harness.WaitForExitAsync();
            }
        }

        var output = await stdout + await stderr;
        var expectedCode = run.Signal == "INT" ? 130 : 143;
        outcome.ExitCodeRight = harness.ExitCode == expectedCode;
        if (!outcome.ExitCodeRight)
        {
            outcome.Problems.Add($"exit code {harness.ExitCode}, expected {expectedCode}; output:\n{output}");
        }

        var stillListening = held.Intersect(ProcScan.ListeningSockets().Keys).ToList();
        outcome.SocketsLeft = stillListening.Count;
        if (stillListening.Count > 0)
        {
            outcome.Problems.Add($"{stillListening.Count} listening socket(s) of the run left open");
        }

        // Peers are stopped before the harness exits: nothing of the run may be alive now.
        var left = ProcScan.MarkedProcesses(marker).Where(pid => pid != harness.Id).ToList();
        outcome.ProcessesLeft = left.Count;
        if (left.Count > 0)
        {
            outcome.Problems.Add($"{left.Count} process(es) left: {string.Join(", ", left.Select(Describe))}");
            KillAll(left);
        }

        // A run that had started its scenarios (its signal handler long installed) must write its reports; only a
        // signal that lands while the runtime still starts may end the process before it has anything to write.
        var started = held.Count > 0 || running.Count > 1 || output.Contains(" total (", StringComparison.Ordinal);
        outcome.Started = started;
        CheckReport(outcome, run.Reports.HasFlag(ReportKinds.JUnit), junit, started, ValidateJUnit);
        CheckReport(outcome, run.Reports.HasFlag(ReportKinds.Json), json, started, ValidateJson);
        var strays = Directory.Exists(reports) ? Directory.GetFiles(reports, "*.tmp") : [];
        if (strays.Length > 0)
        {
            outcome.Problems.Add($"temporary report files left: {string.Join(", ", strays.Select(Path.GetFileName))}");
        }

        return outcome;
    }

    /// <summary>
    /// Waits for the run's first listener, the harness's own (built-in peers) or a process peer's: the built-in
    /// peers listen only while their short scenarios run, which a scan of /proc on a loaded machine can miss.
    /// </summary>
    private static async Task<bool> FirstListenerAsync(Process harness, string marker)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !harness.HasExited)
        {
            if (ProcScan.ListeningInodesOf([harness.Id, .. ProcScan.MarkedProcesses(marker)]).Count > 0)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static void CheckReport(InterruptOutcome outcome, bool asked, string path, bool started, Action<string> validate)
    {
        if (!asked)
        {
            return;
        }

        outcome.ReportsExpected++;
        if (!File.Exists(path))
        {
            if (started)
            {
                outcome.Problems.Add($"the run had started its scenarios but wrote no {Path.GetFileName(path)}");
            }

            return;
        }

        try
        {
            validate(path);
            outcome.ReportsValid++;
        }
        catch (Exception ex) when (ex is XmlException or XmlSchemaValidationException or JsonException or InvalidDataException)
        {
            outcome.ReportsInvalid++;
            outcome.Problems.Add($"{Path.GetFileName(path)} is not valid: {ex.Message}");
        }
    }

    private static void ValidateJUnit(string path)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Xmllint.JUnitSchema);
        var document = XDocument.Load(path);
        document.Validate(schemas, (_, e) => throw new XmlSchemaValidationException(e.Message));
        if (document.Root?.Name.LocalName != "testsuites")
        {
            throw new InvalidDataException($"the root is <{document.Root?.Name}>, not <testsuites>");
        }
    }

    private static void ValidateJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!document.RootElement.TryGetProperty("version", out var version) || version.GetInt32() != 1
            || !document.RootElement.TryGetProperty("scenarios", out var scenarios) || scenarios.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("no \"version\": 1 and \"scenarios\" array");
        }
    }

    private static Process Start(string workingDirectory, string marker, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HarnessProcess.HarnessDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["HARNESS_SAFETY_MARKER"] = marker;
        return Process.Start(info)!;
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})";
        }
        catch (IOException)
        {
            return pid.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
    }

    private static void WriteSuite(TempFolder folder)
    {
        folder.Write("suite/peers/slow_echo_server.py", File.ReadAllText(Path.Combine(HarnessProcess.Root, "tests", "Harness.Cli.Tests", "Safety", "Fixtures", "slow_echo_server.py")));
        folder.Write("suite/a-builtin.yaml", """
            name: built-in echo, slowly
            peers:
              server: { builtin: echo, delay: 50ms }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - repeat: 4
                steps:
                  - send: "ping\n"
                  - expect: { echo: true }
                  - sleep: 100ms
              - close
            ---
            name: built-in greet and http
            peers:
              greeter: { builtin: greet }
              web: { builtin: http }
            steps:
              - connect: tcp://${peers.greeter.endpoint}
              - expect: "Hello from harness\n"
              - connect: tcp://${peers.web.endpoint}
                as: web
              - send: { text: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", on: web }
              - expect: { contains: "200 OK", on: web }
              - sleep: 300ms
            """);
        folder.Write("suite/b-process.yaml", """
            name: process peer with a child
            peers:
              server:
                process: { command: [python3, peers/slow_echo_server.py, "${peers.server.port}", "${env.HARNESS_SAFETY_MARKER}"], port: auto, timeout: 10s, grace: 1s }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "Hello, Server!"
              - expect: { echo: true, timeout: 2s }
              - sleep: 500ms
            """);
        folder.Write("suite/c-mixed-failing.yaml", """
            name: built-in and process peers, failing
            peers:
              echo: { builtin: echo }
              server:
                process: { command: [python3, peers/slow_echo_server.py, "${peers.server.port}", "${env.HARNESS_SAFETY_MARKER}"], port: auto, timeout: 10s, grace: 1s }
            steps:
              - connect: tcp://${peers.echo.endpoint}
              - send: "<&> \"quoted\" \u0001"
              - expect: { echo: true }
              - connect: tcp://${peers.server.endpoint}
                as: slow
              - send: { text: "not what comes back", on: slow }
              - expect: { text: "something else", on: slow, timeout: 400ms }
            """);
        folder.Write("suite/d-long.yaml", """
            name: long process conversation
            peers:
              server:
                process: { command: [python3, peers/slow_echo_server.py, "${peers.server.port}", "${env.HARNESS_SAFETY_MARKER}"], port: auto, timeout: 10s, grace: 1s }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - sleep: 3500ms
              - send: "still here"
              - expect: { echo: true }
            """);
    }

    [Flags]
    private enum ReportKinds
    {
        None = 0,
        JUnit = 1,
        Json = 2,
    }

    private sealed record InterruptRun(int Number, string Signal, bool FromStart, int DelayMs, ReportKinds Reports);

    private sealed class InterruptOutcome(InterruptRun run)
    {
        public InterruptRun Run { get; } = run;

        public List<string> Problems { get; } = [];

        public bool ExitCodeRight { get; set; }

        public bool Started { get; set; }

        public int ProcessesAtSignal { get; set; }

        public int ProcessesLeft { get; set; }

        public int ListenersAtSignal { get; set; }

        public int SocketsLeft { get; set; }

        public int ReportsExpected { get; set; }

        public int ReportsValid { get; set; }

        public int ReportsInvalid { get; set; }
    }
}
