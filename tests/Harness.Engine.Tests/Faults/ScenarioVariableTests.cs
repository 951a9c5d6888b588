using Harness.Engine.Loading;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Faults;

/// <summary><c>vars:</c> in a scenario: defaults for its variables, which harness.yaml and --var override.</summary>
public sealed class ScenarioVariableTests
{
    private const string Yaml = """
        name: defaults
        vars: { server: servers/echo_loop.py, greeting: hello }
        steps:
          - connect: tcp://127.0.0.1:7
          - send: "${greeting} from ${server}"
        """;

    [Test]
    public void A_scenario_may_use_the_variables_it_gives_defaults_for()
    {
        var scenario = Scenarios.Parse(Yaml);

        scenario.Variables.ShouldBe(new Dictionary<string, string> { ["server"] = "servers/echo_loop.py", ["greeting"] = "hello" });
    }

    [Test]
    public void A_value_from_the_command_line_or_harness_yaml_is_still_accepted_over_the_default()
    {
        var scenario = Scenarios.Parse(Yaml, new LoadOptions { Variables = new Dictionary<string, string> { ["server"] = "mine.py" } });

        // The loader keeps the scenario's defaults; the runner looks up --var and harness.yaml first.
        scenario.Variables["server"].ShouldBe("servers/echo_loop.py");
    }

    [Test]
    public void A_default_cannot_take_a_name_the_harness_sets_itself()
    {
        var error = Scenarios.Error("""
            name: reserved
            vars: { peers.server.port: 7 }
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldContain("vars: 'peers.server.port' is a name the harness sets itself");
        (error.Location.Line, error.Location.Column).ShouldBe((2, 9));
    }

    [Test]
    public void A_default_is_a_plain_value_without_variables()
    {
        var error = Scenarios.Error("""
            name: nested
            vars: { a: "${env.HOME}" }
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldContain("vars.a: a default is a plain value");
    }

    [Test]
    public void A_variable_without_a_default_is_still_unknown()
    {
        var error = Scenarios.Error("""
            name: unknown
            vars: { server: x }
            steps:
              - connect: tcp://127.0.0.1:7
              - send: "${sever}"
            """);

        error.Message.ShouldContain("unknown variable ${sever}; did you mean `server`?");
    }
}
