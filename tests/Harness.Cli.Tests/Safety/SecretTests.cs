using System.Text;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// Secret variables (harness.yaml <c>secret: true</c> read from the environment, <c>--secret name=value</c>,
/// <c>--secret NAME</c> from the environment) are masked as <c>***</c> in every report: the console, JUnit and
/// JSON, in failure messages, diffs, hex dumps, transcripts and peer output, also when a secret arrives in two reads.
/// </summary>
[Category("robustness")]
public sealed class SecretTests
{
    private const string Token = "tok-7Hq2Zx9Lw4";
    private const string Password = "pw-Qm4Rt8Vn2Ky";
    private const string ApiKey = "key-Jd6Fs1Gh5Pb";

    /// <summary>Sends the password in two writes, 300 ms apart, and prints it: a transcript of two reads and peer output.</summary>
    private const string SplittingServer = """
        import os, socket, sys, time
        secret = os.environ["PASS"].encode()
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(sys.argv[1])))
        s.listen()
        print("the password is " + os.environ["PASS"], flush=True)
        c, _ = s.accept()
        c.sendall(secret[:5])
        time.sleep(0.3)
        c.sendall(secret[5:])
        time.sleep(10)
        """;

    [Test]
    public async Task Secret_values_are_masked_in_the_console_junit_and_json_reports()
    {
        // Given failing scenarios that send, receive, print and mention three secrets, each marked its own way
        using var folder = new TempFolder();
        folder.Write("harness.yaml", $$"""
            plugins:
              - {{Path.Combine(HarnessProcess.Root, "artifacts", "plugins")}}
            vars:
              token: { env: SAFETY_TOKEN, secret: true }
              visible: { value: "not-a-secret" }
            """);
        folder.Write("suite/splitter.py", SplittingServer);
        folder.Write("suite/secrets.yaml", """
            name: diff of a line holding a secret
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "login ${token} ${visible}\n"
              - expect: "login wrong\n"
            ---
            name: hex dump holding a secret
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - send: "\x00\x01${SAFETY_API_KEY}\x02"
              - expect: { hex: "00 01 02" }
            ---
            name: a secret in two reads and in peer output
            peers:
              server:
                process: { command: [python3, splitter.py, "${peers.server.port}"], port: auto, timeout: 10s, env: { PASS: "${password}" } }
            steps:
              - connect: tcp://${peers.server.endpoint}
              - expect: { text: "never sent", timeout: 1s }
            ---
            name: a secret in an error message
            peers:
              server:
                process: { command: ["no-such-program-${token}"], timeout: 2s }
            steps:
              - sleep: 10ms
            """);
        var environment = new Dictionary<string, string> { ["SAFETY_TOKEN"] = Token, ["SAFETY_API_KEY"] = ApiKey };

        // When they run with reports
        var result = await SafetyCli.RunAsync(
            folder.Path, environment,
            "run", "suite", "--secret", "password=" + Password, "--secret", "SAFETY_API_KEY", "--junit", "out/junit.xml", "--json", "out/report.json");

        // Then the run fails as written, and no report holds any secret, whole, halved or as hex
        result.ExitCode.ShouldBe(3, result.ToString());
        var reports = new Dictionary<string, string>
        {
            ["console"] = result.All,
            ["JUnit"] = await File.ReadAllTextAsync(Path.Combine(folder.Path, "out", "junit.xml")),
            ["JSON"] = await File.ReadAllTextAsync(Path.Combine(folder.Path, "out", "report.json")),
        };
        string[] forbidden = [Token, Password, ApiKey, Password[5..], Hex(Token[..4]), Hex(ApiKey[..4])];
        var leaks = 0;
        foreach (var (report, text) in reports)
        {
            foreach (var secret in forbidden)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    leaks++;
                    Assert.Fail($"the {report} report holds '{secret}':\n{text}");
                }
            }

            text.ShouldContain("***", Case.Sensitive, report);
            text.ShouldContain("not-a-secret", Case.Sensitive, $"{report}: a variable not marked secret is shown");
        }

        result.Output.ShouldContain("the password is ***");
        result.Output.ShouldContain("no-such-program-***");
        RobustnessSummary.Append($"secrets: 3 secrets (harness.yaml env, --secret name=value, --secret NAME) in 4 failing scenarios, checked in {reports.Count} reports (console, JUnit, JSON): leaks: {leaks}");
    }

    [Test]
    public async Task A_secret_from_an_unset_environment_variable_is_a_usage_error()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("case.yaml", "name: x\nsteps:\n  - sleep: 1ms\n");

        var result = await SafetyCli.RunAsync(folder.Path, new Dictionary<string, string>(), "run", "case.yaml", "--secret", "SAFETY_UNSET_VARIABLE_1");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("--secret SAFETY_UNSET_VARIABLE_1: the environment variable SAFETY_UNSET_VARIABLE_1 is not set");
        RobustnessSummary.Append($"secrets: --secret NAME with NAME unset: exit {result.ExitCode}");
    }

    private static string Hex(string text) => string.Join(' ', Encoding.UTF8.GetBytes(text).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
