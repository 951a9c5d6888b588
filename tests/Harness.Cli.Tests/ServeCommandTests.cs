using System.Net.Sockets;
using System.Text.RegularExpressions;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary><c>harness serve</c>: one built-in peer on its own, until Ctrl-C or SIGTERM.</summary>
public sealed partial class ServeCommandTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task Serve_prints_where_it_listens_answers_clients_and_exits_0_when_stopped(string signal)
    {
        // Given a greet peer served on a free port
        using var harness = HarnessProcess.Start(HarnessProcess.Root, "serve", "greet", "--option", "message=Welcome!\\n");
        var line = await harness.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var match = Listening().Match(line ?? string.Empty);
        match.Success.ShouldBeTrue($"first line: {line}");

        // When a client connects, then it is greeted
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            using var reader = new StreamReader(client.GetStream());
            (await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("Welcome!\n");
        }

        // And Ctrl-C (or SIGTERM) is its normal end
        await Signals.SendAsync(harness.Id, signal);
        await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        harness.ExitCode.ShouldBe(0);
    }

    [Test]
    public async Task A_misspelt_peer_or_option_is_a_usage_error_with_a_suggestion()
    {
        var peer = await HarnessProcess.RunAsync(HarnessProcess.Root, "serve", "ehco");
        var option = await HarnessProcess.RunAsync(HarnessProcess.Root, "serve", "http", "--option", "stauts=404");

        peer.ExitCode.ShouldBe(2, peer.ToString());
        peer.Error.ShouldContain("there is no built-in peer `ehco`; did you mean `echo`?");
        option.ExitCode.ShouldBe(2, option.ToString());
        option.Error.ShouldContain("`http` has no option `stauts`; did you mean `status`?");
    }

    [GeneratedRegex(@"^greet listening on tcp://127\.0\.0\.1:(\d+) — press Ctrl-C to stop$")]
    private static partial Regex Listening();
}
