using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>
/// Inputs the loader fuzzer found that escaped as something other than a located <see cref="ScenarioException"/>.
/// </summary>
public sealed class LoaderGuardTests
{
    [Test]
    public void Given_a_peer_kind_written_with_a_tag_then_it_is_still_that_kind()
    {
        // Was: KeyNotFoundException, as YamlDotNet's keys compare their tags too
        var scenario = Scenarios.Parse("""
            name: tagged
            peers:
              server: { !!str builtin: echo }
              other: { !!str process: { command: [python3, "-V"] } }
            steps:
              - close
            """);

        scenario.Peers[0].ShouldBeOfType<BuiltinPeerDeclaration>().Builtin.ShouldBe("echo");
        scenario.Peers[1].ShouldBeOfType<ProcessPeerDeclaration>();
    }
}
