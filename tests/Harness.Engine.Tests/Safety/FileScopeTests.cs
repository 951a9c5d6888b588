using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Safety;

/// <summary>The scenario's folder tree as the limit of the files it names, with links resolved.</summary>
[Category("robustness")]
public sealed class FileScopeTests
{
    [Test]
    public void Paths_are_inside_or_outside_the_tree_after_their_links_are_resolved()
    {
        // Given a tree with links: one to a file outside, one to a folder outside, one staying inside, and a loop
        using var folder = new TempFolder();
        var tree = Path.Combine(folder.Path, "tree");
        var secret = folder.Write("outside/secret.txt", "x");
        folder.Write("tree/sub/inside.txt", "x");
        File.CreateSymbolicLink(Path.Combine(tree, "out-file"), secret);
        Directory.CreateSymbolicLink(Path.Combine(tree, "out-folder"), Path.Combine(folder.Path, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(tree, "in-folder"), Path.Combine(tree, "sub"));
        File.CreateSymbolicLink(Path.Combine(tree, "loop-a"), Path.Combine(tree, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(tree, "loop-b"), Path.Combine(tree, "loop-a"));
        folder.Write("tree-sibling/x.txt", "x"); // shares the tree's name as a prefix: still outside

        var inside = new[] { "sub/inside.txt", "in-folder/inside.txt", "sub/../sub/inside.txt", "not-yet-there.txt", "." };
        var outside = new[] { "../outside/secret.txt", secret, "out-file", "out-folder/secret.txt", "loop-a", "../tree-sibling/x.txt", "sub/../../outside/secret.txt" };

        inside.ShouldAllBe(p => FileScope.IsInside(Path.GetFullPath(p, tree), tree));
        outside.ShouldAllBe(p => !FileScope.IsInside(Path.GetFullPath(p, tree), tree));
        RobustnessSummary.Append($"file scope: {inside.Length} paths inside the tree accepted, {outside.Length} outside (.., absolute, file and folder links, a link loop, a sibling sharing the prefix) refused");
    }

    [Test]
    public void The_loader_refuses_files_outside_the_scenario_folder_at_their_place_and_the_flag_lifts_the_limit()
    {
        using var folder = new TempFolder();
        folder.Write("secret.txt", "x");
        folder.Write("scenario/server.py", "x");
        var scenarioFolder = Path.Combine(folder.Path, "scenario");
        string[] yamls =
        [
            "name: a\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - send: { file: ../secret.txt }\n",
            "name: a\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - expect: { file: ../secret.txt }\n",
            "name: a\npeers:\n  p: { process: { command: [python3, ../secret.txt] } }\nsteps:\n  - sleep: 1ms\n",
            "name: a\npeers:\n  p: { process: { command: [python3, server.py], cwd: .. } }\nsteps:\n  - sleep: 1ms\n",
            "name: a\npeers:\n  p: { process: { command: [../secret.txt] } }\nsteps:\n  - sleep: 1ms\n",
        ];

        foreach (var yaml in yamls)
        {
            var error = Should.Throw<ScenarioException>(() => new ScenarioLoader(new LoadOptions()).Load(yaml, "test.yaml", scenarioFolder));
            error.Message.ShouldMatch(@"^test\.yaml:\d+:\d+: ", yaml);
            error.Message.ShouldContain("is outside the scenario's folder " + scenarioFolder, Case.Sensitive, yaml);
            error.Message.ShouldContain("--allow-outside-files", Case.Sensitive, yaml);
            Should.NotThrow(() => new ScenarioLoader(new LoadOptions { AllowOutsideFiles = true }).Load(yaml, "test.yaml", scenarioFolder), yaml);
        }

        // A path made of variables is checked when the step runs
        var late = new ScenarioLoader(new LoadOptions { Variables = new Dictionary<string, string> { ["f"] = "../secret.txt" } })
            .Load("name: a\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - send: { file: \"${f}\" }\n", "test.yaml", scenarioFolder).Single();
        var payload = (FilePayload)((SendStep)late.Steps[1]).Payload;
        Should.Throw<IOException>(() => payload.Resolve(_ => "../secret.txt")).Message.ShouldContain("--allow-outside-files");
        Should.NotThrow(() => (payload with { Root = null }).Resolve(_ => "../secret.txt"));
        RobustnessSummary.Append($"file scope: the loader refuses {yamls.Length} outside files (send, expect, process argument, working folder, program) at file:line:column, and a variable path when the step runs");
    }
}
