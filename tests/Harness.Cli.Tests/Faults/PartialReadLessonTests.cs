using Harness.Cli.Tests.Safety;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Faults;

/// <summary>
/// The lesson of scenarios/faults/partial-reads.yaml through the real CLI: with the fault proxy splitting the
/// message into 1-byte pieces, the harness tells a server that loops on recv() from one that trusts its first recv().
/// </summary>
[Category("robustness")]
public sealed class PartialReadLessonTests
{
    private const string Lesson = "scenarios/faults/partial-reads.yaml";

    [Test]
    public async Task A_server_that_reads_until_the_client_closes_passes()
    {
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", Lesson);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("PASS  partial reads (scenarios/faults/partial-reads.yaml)");
    }

    [Test]
    public async Task A_server_that_answers_its_first_recv_fails_with_the_first_piece_in_the_story()
    {
        // Given the same scenario, pointed at the server that assumes one recv() is one message
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", Lesson, "--var", "server=servers/echo_once.py");

        // Then it fails at the expect, showing that only "H" came back, and the server's own account of it
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain("FAIL  partial reads (scenarios/faults/partial-reads.yaml)");
        result.Output.ShouldContain("step 3: expect the echo of the last send (scenarios/faults/partial-reads.yaml:23:5)");
        result.Output.ShouldContain("received after");
        result.Output.ShouldContain("\"H\" (1 bytes)");
        result.Output.ShouldContain("| received b'H'");
        RobustnessSummary.Append("fault proxy: partial-read lesson through the CLI: the recv() loop server passed, the one-recv() server failed with \"H\" of \"Hello, Server!\"");
    }

    [Test]
    public async Task A_client_that_reads_until_the_newline_passes_and_one_that_trusts_its_first_recv_fails()
    {
        const string clientLesson = "scenarios/faults/client-partial-reads.yaml";

        var good = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", clientLesson);
        var naive = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", clientLesson, "--var", "client=clients/read_once.py");

        good.ExitCode.ShouldBe(0, good.ToString());
        naive.ExitCode.ShouldBe(1, naive.ToString());
        naive.Output.ShouldContain("peer 'client' ended without printing a line containing \"received: WELCOME, CLIENT\"");
        naive.Output.ShouldContain("| received: W\n");
        RobustnessSummary.Append("fault proxy: client-side partial-read lesson through the CLI: the recv()-until-newline client passed, the one-recv() client failed printing \"W\"");
    }

    [Test]
    public async Task Without_the_faults_the_one_recv_server_would_have_passed_on_loopback()
    {
        // Given a copy of the lesson without its faults
        using var folder = new TempFolder();
        var lesson = await File.ReadAllTextAsync(Path.Combine(HarnessProcess.Root, Lesson));
        var plain = lesson.Replace("faults:\n  send: { chunk: 1, delay: 10ms }", "faults: {}", StringComparison.Ordinal);
        plain.ShouldNotBe(lesson);
        Directory.CreateDirectory(Path.Combine(folder.Path, "servers"));
        File.Copy(Path.Combine(HarnessProcess.Root, "scenarios/faults/servers/echo_once.py"), Path.Combine(folder.Path, "servers/echo_once.py"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "plain.yaml"), plain.Replace("$schema=../../", "$schema=../", StringComparison.Ordinal));

        // When the buggy server gets the message in one piece, as loopback usually delivers it
        var result = await HarnessProcess.RunAsync(HarnessProcess.Root, "run", Path.Combine(folder.Path, "plain.yaml"), "--var", "server=servers/echo_once.py");

        // Then it passes: which is why the bug survives until a real network splits the message
        result.ExitCode.ShouldBe(0, result.ToString());
    }
}
