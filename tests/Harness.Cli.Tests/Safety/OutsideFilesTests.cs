using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// A scenario names files only in its own folder tree: every way of naming a file outside it (a `..` path, an
/// absolute path, a link that escapes, a path made of variables, a process peer's program, script or working
/// folder) is refused with the file, the place in the scenario and the flag, unless --allow-outside-files is given.
/// </summary>
[Category("robustness")]
public sealed class OutsideFilesTests
{
    private const string Flag = "--allow-outside-files";

    [Test]
    public async Task Every_way_of_naming_a_file_outside_the_scenario_folder_is_refused_unless_the_flag_allows_it()
    {
        // Given a scenario folder (suite/) beside a secret file, with a link inside it that points at the secret
        using var folder = new TempFolder();
        folder.WriteSettings();
        var secret = folder.Write("private/secret.txt", "TOP-SECRET-BYTES");
        folder.Write("private/server.py", File.ReadAllText(Path.Combine(HarnessProcess.Root, "scenarios", "peers", "echo_server.py")));
        var wrapper = folder.Write("private/run-server", "#!/bin/sh\nexec python3 \"$(dirname \"$0\")/server.py\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        folder.Write("suite/inside.txt", "inside");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "suite", "link.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "suite", "linked-folder"), Path.Combine(folder.Path, "private"));

        var cases = new (string Name, string Scenario, string[] Arguments, int RefusedCode, string Named)[]
        {
            ("send ../", Echo("- send: { file: ../private/secret.txt }"), [], 2, "'../private/secret.txt'"),
            ("expect ../", Echo("- send: x\n  - expect: { file: ../private/secret.txt, timeout: 300ms }"), [], 2, "'../private/secret.txt'"),
            ("absolute path", Echo($"- send: {{ file: {secret} }}"), [], 2, secret),
            ("link out of the tree", Echo("- send: { file: link.txt }"), [], 2, "a link to " + secret),
            ("link to a folder out of the tree", Echo("- send: { file: linked-folder/secret.txt }"), [], 2, "a link to " + secret),
            ("path from a variable", Echo("- send: { file: \"${where}\" }"), ["--var", "where=../private/secret.txt"], 3, "'../private/secret.txt'"),
            ("process script", Process("[python3, ../private/server.py, \"${peers.server.port}\"]", null), [], 2, "'../private/server.py'"),
            ("process program", Process("[../private/run-server, \"${peers.server.port}\"]", null), [], 2, "'../private/run-server'"),
            ("process working folder", Process("[python3, server.py, \"${peers.server.port}\"]", "../private"), [], 2, "working folder"),
        };

        var refused = 0;
        var allowed = 0;
        foreach (var (name, scenario, extra, refusedCode, named) in cases)
        {
            var file = folder.Write("suite/case.yaml", scenario);

            // When it runs without the flag, it is refused naming the file, the place and the flag
            var result = await HarnessProcess.RunAsync(folder.Path, ["run", "suite/case.yaml", .. extra]);
            result.ExitCode.ShouldBe(refusedCode, $"{name}: {result}");
            result.All.ShouldContain(named, Case.Sensitive, $"{name}: {result}");
            result.All.ShouldContain(Flag, Case.Sensitive, $"{name}: {result}");
            result.All.ShouldMatch(@"suite/case\.yaml:\d+:\d+", $"{name}: {result}");
            result.All.ShouldNotContain("TOP-SECRET-BYTES", Case.Sensitive, name);
            refused++;

            // And with the flag it is allowed (the file is read, the program runs)
            var allowedRun = await HarnessProcess.RunAsync(folder.Path, ["run", "suite/case.yaml", Flag, .. extra]);
            allowedRun.All.ShouldNotContain("is outside the scenario's folder", Case.Sensitive, $"{name}: {allowedRun}");
            allowedRun.ExitCode.ShouldBeOneOf([0, 1], $"{name} with {Flag}: {allowedRun}");
            allowed++;
        }

        // Files inside the tree, also through a folder link that stays inside, need no flag
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "suite", "here"), Path.Combine(folder.Path, "suite"));
        folder.Write("suite/case.yaml", Echo("- send: { file: here/inside.txt }\n  - expect: { text: inside }"));
        var inside = await HarnessProcess.RunAsync(folder.Path, "run", "suite/case.yaml");
        inside.ExitCode.ShouldBe(0, inside.ToString());

        RobustnessSummary.Append($"outside files: {cases.Length} ways to name a file outside the scenario's folder, refused: {refused}, allowed with {Flag}: {allowed}; inside the tree (through a link): passes");
    }

    [Test]
    public async Task Validate_refuses_an_outside_file_too_and_accepts_it_with_the_flag()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("secret.txt", "x");
        folder.Write("suite/case.yaml", Echo("- send: { file: ../secret.txt }"));

        var refused = await HarnessProcess.RunAsync(folder.Path, "validate", "suite/case.yaml");
        var allowed = await HarnessProcess.RunAsync(folder.Path, "validate", "suite/case.yaml", Flag);

        refused.ExitCode.ShouldBe(2, refused.ToString());
        refused.Error.ShouldContain("suite/case.yaml:6:19: file: '../secret.txt'");
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
        RobustnessSummary.Append($"outside files: validate refuses (exit {refused.ExitCode}) and accepts with {Flag} (exit {allowed.ExitCode})");
    }

    private static string Echo(string steps) => $$"""
        name: case
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          {{steps}}
        """;

    private static string Process(string command, string? cwd) => $$"""
        name: case
        peers:
          server:
            process: { command: {{command}}, port: auto, timeout: 10s{{(cwd is null ? string.Empty : $", cwd: {cwd}")}} }
        steps:
          - connect: tcp://${peers.server.endpoint}
        """;
}
