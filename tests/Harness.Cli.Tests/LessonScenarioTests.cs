using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>
/// The lesson scenarios in scenarios/ pass through the real CLI, and a broken copy of each (in
/// Scenarios/broken) fails with exit 1 at the step its first lines name. The greet, ack and chat
/// peers are stood in for by servers in this process until the built-in ones exist, and the client
/// under test is a client in this process.
/// </summary>
public sealed partial class LessonScenarioTests
{
    private const int ClientUnderTestPort = 47123;

    private static readonly string[] Names = ["greet", "ack", "line-protocol", "length-prefixed", "multi-client", "chat-relay", "client-under-test"];

    public static IEnumerable<TestCaseData> Lessons() => Names.Select(name => new TestCaseData(name));

    [TestCaseSource(nameof(Lessons))]
    public async Task The_lesson_passes(string name)
    {
        var result = await RunAsync(Path.Combine(HarnessProcess.Root, "scenarios", name + ".yaml"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("1 passed, 0 failed");
    }

    [TestCaseSource(nameof(Lessons))]
    public async Task Its_broken_copy_fails_at_the_step(string name)
    {
        var source = Path.Combine(HarnessProcess.Root, "tests", "Harness.Cli.Tests", "Scenarios", "broken", name + ".yaml");
        var place = FailsAt().Match(File.ReadAllText(source)).Groups[1].Value;

        var result = await RunAsync(source);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Output.ShouldContain($"({name}.yaml:{place})", customMessage: result.ToString());
    }

    /// <summary>Runs a copy of the scenario whose built-in greet/ack/chat peers are addresses of stand-ins, and its fixed port a free one.</summary>
    private static async Task<CliResult> RunAsync(string scenario)
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        var text = await File.ReadAllTextAsync(scenario);
        var servers = new List<LessonServer>();
        text = BuiltinPeer().Replace(text, match =>
        {
            var server = match.Groups["kind"].Value switch
            {
                "greet" => LessonServer.Greet(match.Groups["message"].Value),
                "ack" => LessonServer.Ack(match.Groups["message"].Value),
                _ => LessonServer.Chat(),
            };
            servers.Add(server);
            return $"{match.Groups["name"].Value}: {{ address: tcp://{server.Endpoint} }}";
        });

        var port = FreePort();
        var usesClient = text.Contains($":{ClientUnderTestPort}", StringComparison.Ordinal);
        text = text.Replace($":{ClientUnderTestPort}", $":{port}", StringComparison.Ordinal);
        var name = Path.GetFileName(scenario);
        folder.Write(name, text);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = usesClient ? PoliteClientAsync(port, stop.Token) : Task.CompletedTask;
        try
        {
            return await HarnessProcess.RunAsync(folder.Path, "run", name);
        }
        finally
        {
            await stop.CancelAsync();
            await client;
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>The client program under test: connects (retrying until the harness listens), says HELO, reads the answer, quits.</summary>
    private static async Task PoliteClientAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var tcp = new TcpClient();
                try
                {
                    await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                }
                catch (SocketException)
                {
                    await Task.Delay(25, cancellationToken);
                    continue;
                }

                using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII, leaveOpen: true);
                _ = await reader.ReadLineAsync(cancellationToken);
                await tcp.GetStream().WriteAsync("HELO tester\r\n"u8.ToArray(), cancellationToken);
                _ = await reader.ReadLineAsync(cancellationToken);
                await tcp.GetStream().WriteAsync("QUIT\r\n"u8.ToArray(), cancellationToken);
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // The harness hung up (a broken copy) or the test is over.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"(?<name>\w+): \{ builtin: (?<kind>greet|ack|chat)(, message: ""(?<message>[^""]*)"")? \}")]
    private static partial Regex BuiltinPeer();

    [GeneratedRegex(@"# fails at: (\d+:\d+)")]
    private static partial Regex FailsAt();
}
