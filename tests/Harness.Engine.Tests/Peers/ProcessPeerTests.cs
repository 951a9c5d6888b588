using System.Diagnostics;
using Harness.Abstractions;
using Harness.Engine.Model;
using Harness.Engine.Peers.Processes;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Peers;

/// <summary>Process peers: how they become ready, fail to, show their output, and are stopped with their children.</summary>
public sealed class ProcessPeerTests
{
    private const string Server = """
        import socket, sys, time
        time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 0)
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
        print("listening", flush=True)
        while True:
            c, _ = s.accept(); c.sendall(c.recv(100)); c.close()
        """;

    private TempFolder _folder = null!;
    private string _marker = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TempFolder();
        _marker = Processes.NewMarker();
    }

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public async Task A_server_is_ready_once_it_listens_on_its_port_even_when_it_binds_late()
    {
        // Given a server that waits 300 ms before it binds the port the harness picked
        _folder.Write("server.py", Server);
        var declaration = Declare("""
            command: [python3, server.py, "${peers.p.port}", "0.3"]
            port: auto
            """);

        // When it is started, then the start returns only when the port takes connections
        await using var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", int.Parse(peer.Variables["port"], System.Globalization.CultureInfo.InvariantCulture));
        peer.Output.Text().ShouldContain("listening");
    }

    [Test]
    public async Task A_peer_is_ready_when_a_line_of_its_output_contains_the_text()
    {
        var declaration = Declare("""
            command: [python3, -c, "import time, sys; print('warming up'); print('ready to serve', file=sys.stderr); time.sleep(30)"]
            ready: { output: "ready to serve" }
            """);

        await using var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));

        // stdout and stderr are both captured (two pipes: their lines may interleave in either order)
        peer.Output.Text().ShouldContain("ready to serve");
        await Eventually.TrueAsync(() => peer.Output.Text().Contains("warming up", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_peer_with_a_delay_is_ready_after_it_if_it_still_runs()
    {
        var declaration = Declare("""
            command: [python3, -c, "import time; time.sleep(30)"]
            ready: { delay: 300ms }
            """);
        var clock = Stopwatch.StartNew();

        await using var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        peer.Exited.IsCompleted.ShouldBeFalse();
    }

    [Test]
    public async Task A_peer_that_exits_before_it_is_ready_fails_at_once_with_its_output()
    {
        var declaration = Declare("""
            command: [python3, -c, "import sys; print('error: port 99999 is not a port', file=sys.stderr); sys.exit(2)"]
            port: auto
            """);
        var clock = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PeerStartException>(StartAsync(declaration, TimeSpan.FromSeconds(20)));

        error.Message.ShouldBe("peer 'p' exited with code 2 before it was ready");
        error.Output.ShouldContain("error: port 99999 is not a port");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "an early exit must not wait for the timeout");
    }

    [Test]
    public async Task A_peer_that_never_becomes_ready_fails_within_its_timeout_and_is_stopped()
    {
        var declaration = Declare("""
            command: [python3, -c, "import time; print('thinking'); time.sleep(60)"]
            port: auto
            """);
        var clock = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PeerStartException>(StartAsync(declaration, TimeSpan.FromMilliseconds(700)));

        error.Message.ShouldStartWith("peer 'p' was not ready within 700 ms (nothing listened on port ");
        error.Output.ShouldContain("thinking");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        (await Processes.CountAfterSettlingAsync(_marker)).ShouldBe(0);
    }

    [Test]
    public async Task A_port_held_by_another_program_does_not_make_the_peer_ready()
    {
        // Given the port is already taken by someone else, and a peer that never binds it
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var declaration = Declare($"""
            command: [python3, -c, "import time; time.sleep(60)"]
            port: {port}
            """);

        var error = await Should.ThrowAsync<PeerStartException>(StartAsync(declaration, TimeSpan.FromMilliseconds(700)));

        error.Message.ShouldBe($"peer 'p' was not ready within 700 ms (port {port} is held by another program)");
    }

    [Test]
    public async Task The_working_folder_and_environment_are_the_ones_declared()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "work"));
        var declaration = Declare("""
            command: [python3, -c, "import os; print('in', os.path.basename(os.getcwd()), 'mode', os.environ['MODE'], 'peer', os.environ['HARNESS_PEER'])"]
            cwd: work
            ready: { output: "in " }
            """).WithEnvironment("MODE", "test");

        await using var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));

        peer.Output.Text().ShouldStartWith("in work mode test peer p");
    }

    [Test]
    public async Task A_program_that_does_not_exist_fails_with_a_clear_message()
    {
        var declaration = Declare("command: [no-such-program-for-harness, x]");

        var error = await Should.ThrowAsync<PeerStartException>(StartAsync(declaration, TimeSpan.FromSeconds(5)));

        error.Message.ShouldBe("peer 'p': no such program 'no-such-program-for-harness' in PATH");
    }

    [Test]
    public async Task A_relative_program_path_resolves_against_the_scenario_folder()
    {
        var declaration = Declare("command: [./missing.sh]");

        var error = await Should.ThrowAsync<PeerStartException>(StartAsync(declaration, TimeSpan.FromSeconds(5)));

        error.Message.ShouldBe($"peer 'p': no such program {Path.Combine(_folder.Path, "missing.sh")}");
    }

    [Test]
    public async Task Stopping_a_peer_stops_its_children_too_even_one_that_ignores_sigterm()
    {
        // Given a shell that starts two children, one of which ignores SIGTERM
        var declaration = Declare("""
            command: "python3 -c 'import time; time.sleep(60)' & python3 -c 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(\"stubborn\", flush=True); time.sleep(60)' & wait"
            shell: true
            ready: { output: stubborn }
            grace: 300ms
            """);
        var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));
        Processes.CountWithMarker(_marker).ShouldBe(3);

        // When it is stopped
        await peer.DisposeAsync();

        // Then nothing it started is left: SIGTERM first, SIGKILL after the grace period
        (await Processes.CountAfterSettlingAsync(_marker)).ShouldBe(0);
    }

    [Test]
    public async Task An_output_expectation_waits_for_a_new_line_and_does_not_match_the_same_line_twice()
    {
        var declaration = Declare("""
            command: [python3, -c, "import time; print('received: one'); time.sleep(0.3); print('received: two'); time.sleep(30)"]
            """);
        await using var peer = await StartAsync(declaration, TimeSpan.FromSeconds(10));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var first = await peer.Output.WaitForLineAsync("received", peer.Output.Cursor, deadline.Token);
        peer.Output.Cursor = first!.Value.Number + 1;
        var second = await peer.Output.WaitForLineAsync("received", peer.Output.Cursor, deadline.Token);

        first.Value.Line.ShouldBe("received: one");
        second!.Value.Line.ShouldBe("received: two");
    }

    [Test]
    public void The_output_log_keeps_only_the_last_lines()
    {
        var log = new OutputLog(maxLines: 3);

        foreach (var n in Enumerable.Range(1, 5))
        {
            log.Append($"line {n}");
        }

        log.Text().ShouldBe("line 3\nline 4\nline 5");
    }

    private ProcessPeerDeclaration Declare(string settings)
    {
        var indented = string.Join("\n", settings.Split('\n').Select(line => "      " + line));
        var scenario = Scenarios.Parse($"""
            name: p
            peers:
              p:
                process:
                  env: {"{"} HARNESS_TEST_MARKER: {_marker} {"}"}
            {indented}
            steps:
              - close
            """);
        return (ProcessPeerDeclaration)scenario.Peers.Single();
    }

    private Task<ProcessPeer> StartAsync(ProcessPeerDeclaration declaration, TimeSpan timeout) =>
        ProcessPeer.StartAsync(declaration, _folder.Path, "test", _ => null, timeout, CancellationToken.None);
}

/// <summary>Test data helpers for process peer declarations.</summary>
internal static class ProcessPeerDeclarations
{
    public static ProcessPeerDeclaration WithEnvironment(this ProcessPeerDeclaration declaration, string name, string value) =>
        declaration with { Environment = new Dictionary<string, Template>(declaration.Environment) { [name] = Template.Literal(value) } };
}
