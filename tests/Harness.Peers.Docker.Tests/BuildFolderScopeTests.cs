using Harness.Abstractions;
using Harness.Peers.Docker.Settings;

namespace Harness.Peers.Docker.Tests;

/// <summary>
/// A container's <c>build</c> folder is a file the scenario names: it must lie in the scenario's folder tree
/// (links resolved) unless the run allows outside files. Parsing only: no engine is needed.
/// </summary>
[Category("robustness")]
public sealed class BuildFolderScopeTests
{
    [Test]
    public void A_build_folder_outside_the_scenario_folder_is_refused_unless_outside_files_are_allowed()
    {
        // Given a scenario folder with a build folder inside, a link to one outside, and one outside by ..
        var root = Path.Combine(Path.GetTempPath(), "harness-docker-scope-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            var scenario = Path.Combine(root, "suite");
            Directory.CreateDirectory(Path.Combine(scenario, "image"));
            Directory.CreateDirectory(Path.Combine(root, "elsewhere"));
            File.WriteAllText(Path.Combine(scenario, "image", "Dockerfile"), "FROM scratch\n");
            File.WriteAllText(Path.Combine(root, "elsewhere", "Dockerfile"), "FROM scratch\n");
            Directory.CreateSymbolicLink(Path.Combine(scenario, "linked"), Path.Combine(root, "elsewhere"));
            PeerStartRequest Request(string build, bool confined) =>
                new("web", "run", new Dictionary<string, object?> { ["build"] = build }, scenario) { FilesConfined = confined };

            // Then inside passes, outside (by .. or by a link) is refused naming the flag, and allowed when not confined
            ContainerSettingsParser.Parse(Request("image", confined: true)).ShouldNotBeNull();
            foreach (var outside in new[] { "../elsewhere", "linked" })
            {
                Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Request(outside, confined: true)))
                    .Message.ShouldContain("--allow-outside-files");
                ContainerSettingsParser.Parse(Request(outside, confined: false)).ShouldNotBeNull();
            }

            const string Line = "docker build folder: inside accepted; outside by .. and by a link refused (2), allowed with --allow-outside-files (2)";
            TestContext.Progress.WriteLine(Line);
            if (Environment.GetEnvironmentVariable("HARNESS_ROBUSTNESS_SUMMARY") is { Length: > 0 } summary)
            {
                File.AppendAllText(summary, Line + Environment.NewLine);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
