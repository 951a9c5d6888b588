using System.Diagnostics;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>Process peers through the real CLI: passing, failing with a story, and leaving nothing running.</summary>
public sealed class ProcessPeerRunTests
{
    /// <summary>A server in the style of a socket tutorial: one client, a fixed port from argv, a reply built from the request.</summary>
    private const string TutorialServer = """
        import socket
        import sys

        HOST = "127.0.0.1"
        PORT = int(sys.argv[1])

        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, PORT))
            s.listen()
            conn, addr = s.accept()
            with conn:
                print(f"Connected by {addr}")
                while True:
                    data = conn.recv(1024)
                    if not data:
                        break
                    print(f"received: {data.decode()}")
                    conn.sendall(data.upper() if len(sys.argv) > 2 else data)
        """;

    [Test]
    public async Task A_tutorial_server_started_as_a_process_peer_passes()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("server.py", TutorialServer);
        folder.Write("tutorial.yaml", Scenario(extraArgument: string.Empty));

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "tutorial.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    [Test]
    public async Task A_tutorial_server_whose_reply_differs_fails_with_what_arrived_and_what_it_printed()
    {
        // Given the same server, changed to answer in upper case
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("server.py", TutorialServer);
        folder.Write("tutorial.yaml", Scenario(extraArgument: ", shout"));

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "tutorial.yaml");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("FAIL  tutorial server (tutorial.yaml)");
        result.Output.ShouldContain("step 3: expect the echo of the last send (tutorial.yaml:9:5)");
        result.Output.ShouldContain("\"HELLO, SERVER!\" (14 bytes)");
        result.Output.ShouldContain("peer 'server' output:");
        result.Output.ShouldContain("| received: Hello, Server!");
    }

    [Test]
    public async Task A_peer_that_exits_early_stops_the_run_with_exit_3_and_its_output()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("early.yaml", """
            name: early exit
            peers:
              server:
                process:
                  command: [python3, -c, "import sys; print('cannot bind: Address already in use', file=sys.stderr); sys.exit(1)"]
                  port: auto
                  timeout: 20s
            steps:
              - connect: tcp://${peers.server.endpoint}
            """);
        var clock = Stopwatch.StartNew();

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "early.yaml");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("peer 'server' exited with code 1 before it was ready");
        result.Output.ShouldContain("| cannot bind: Address already in use");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "an early exit does not wait for the 20 s timeout");
    }

    [Test]
    public async Task A_client_program_started_by_a_step_connects_and_shows_what_it_received()
    {
        // Given a client program under test, started only once the steps say so
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("client.py", """
            import socket, sys
            with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as s:
                s.sendall(b"Hello\n")
                print("received: " + s.recv(100).decode().strip())
            """);
        folder.Write("client.yaml", """
            name: client under test
            peers:
              server: { builtin: echo }
              client:
                process: { command: [python3, client.py, "${peers.server.port}"] }
                start: manual
            steps:
              - start: client
              - expect: { output: "received: Hello", peer: client, timeout: 5s }
            """);

        var result = await HarnessProcess.RunAsync(folder.Path, "run", "client.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    [TestCase("INT", 130)]
    [TestCase("TERM", 143)]
    public async Task A_signal_mid_scenario_stops_every_peer_process_and_its_children(string signal, int exitCode)
    {
        // Given a scenario waiting on a server that never answers, whose shell has a child of its own
        using var folder = new TempFolder();
        var marker = Processes.NewMarker();
        folder.WriteSettings();
        folder.Write("hang.yaml", Hanging(marker));
        using var harness = HarnessProcess.Start(folder.Path, "run", "hang.yaml");
        var stdout = harness.StandardOutput.ReadToEndAsync();
        _ = harness.StandardError.ReadToEndAsync();
        await WaitUntilAsync(() => Processes.CountWithMarker(marker) >= 2);

        // When the harness is interrupted
        await Signals.SendAsync(harness.Id, signal);
        await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        // Then it reports the interruption, and no peer process is left
        harness.ExitCode.ShouldBe(exitCode, await stdout);
        Processes.CountWithMarker(marker).ShouldBe(0);
    }

    [Test]
    public async Task Peers_left_by_a_harness_killed_outright_are_stopped_by_the_next_run_that_starts_programs()
    {
        // Given a harness killed with SIGKILL mid-scenario: it gets no chance to stop its peers
        using var folder = new TempFolder();
        var marker = Processes.NewMarker();
        folder.WriteSettings();
        folder.Write("hang.yaml", Hanging(marker));
        folder.Write("server.py", TutorialServer);
        folder.Write("pass.yaml", Scenario(string.Empty));
        using (var killed = HarnessProcess.Start(folder.Path, "run", "hang.yaml"))
        {
            _ = killed.StandardOutput.ReadToEndAsync();
            _ = killed.StandardError.ReadToEndAsync();
            await WaitUntilAsync(() => Processes.CountWithMarker(marker) >= 2);
            await Signals.SendAsync(killed.Id, "KILL");
            await killed.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        Processes.CountWithMarker(marker).ShouldBeGreaterThanOrEqualTo(2, "the killed harness's peers outlive it");

        // When the next run starts a program of its own
        var result = await HarnessProcess.RunAsync(folder.Path, "run", "pass.yaml");

        // Then it first stops the orphans, says so, and runs as usual
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Error.ShouldContain("peer processes that a killed harness run left running: pid ");
        result.Error.ShouldContain("python3 -c import socket");
        (await Processes.CountAfterSettlingAsync(marker)).ShouldBe(0);
    }

    [Test]
    public async Task Repeated_runs_of_a_folder_some_interrupted_leave_no_peer_process()
    {
        using var folder = new TempFolder();
        var marker = Processes.NewMarker();
        folder.WriteSettings();
        folder.Write("suite/server.py", TutorialServer);
        folder.Write("suite/a-pass.yaml", Scenario(string.Empty, marker));
        folder.Write("suite/b-hang.yaml", Hanging(marker));

        string[] endings = ["none", "INT", "TERM", "INT", "TERM"];
        foreach (var ending in endings)
        {
            using var harness = HarnessProcess.Start(folder.Path, "run", "suite");
            var stdout = harness.StandardOutput.ReadToEndAsync();
            _ = harness.StandardError.ReadToEndAsync();
            if (ending == "none")
            {
                // The hanging scenario fails on its own (its expect times out) and the run ends.
                await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                harness.ExitCode.ShouldBe(1, await stdout);
            }
            else
            {
                await WaitUntilAsync(() => Processes.CountWithMarker(marker) >= 2);
                await Signals.SendAsync(harness.Id, ending);
                await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }

            Processes.CountWithMarker(marker).ShouldBe(0, $"after a run ended by {ending}");
        }
    }

    private static string Scenario(string extraArgument, string marker = "none") => $$"""
        name: tutorial server
        peers:
          server:
            process: { command: [python3, server.py, "${peers.server.port}"{{extraArgument}}], port: auto, timeout: 10s, env: { HARNESS_TEST_MARKER: {{marker}} } }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "Hello, Server!"

          - expect: { echo: true }
          - close
        """;

    private static string Hanging(string marker) => $$"""
        name: hanging
        peers:
          server:
            process:
              command: "python3 -c 'import time; time.sleep(60)' & python3 -c 'import socket, time; s = socket.socket(); s.bind((\"127.0.0.1\", int(\"${peers.server.port}\"))); s.listen(); time.sleep(60)'"
              shell: true
              port: auto
              env: { HARNESS_TEST_MARKER: {{marker}} }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - expect: { text: "never sent", timeout: 2s }
        """;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
