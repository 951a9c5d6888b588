using Harness.Engine.Loading;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>Every mistake names file:line:column and what was expected there.</summary>
public sealed class ScenarioErrorTests
{
    [Test]
    public void A_misspelt_step_names_its_place_and_the_nearest_step()
    {
        var error = Scenarios.Error("""
            name: typo
            steps:
              - connect: tcp://127.0.0.1:7
              - exepct: "x"
            """);

        error.Message.ShouldBe("test.yaml:4:5: unknown step `exepct`; did you mean `expect`?");
    }

    [Test]
    public void A_misspelt_top_level_key_names_its_place_and_the_nearest_key()
    {
        var error = Scenarios.Error("""
            name: typo
            stpes:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldBe("test.yaml:2:1: unknown key `stpes` in a scenario; did you mean `steps`?");
    }

    [Test]
    public void A_misspelt_field_names_its_place_and_the_nearest_field()
    {
        var error = Scenarios.Error("""
            name: typo
            steps:
              - connect: tcp://127.0.0.1:7
              - expect: { text: "x", timeuot: 2s }
            """);

        error.Message.ShouldBe("test.yaml:4:26: unknown field `timeuot` in step `expect`; did you mean `timeout`?");
    }

    [Test]
    public void A_yaml_syntax_error_names_its_place()
    {
        var error = Scenarios.Error("""
            name: bad
            steps:
              - send: "unterminated
            """);

        error.Location.Line.ShouldBe(3);
        error.Message.ShouldStartWith("test.yaml:3:");
        error.Message.ShouldContain("invalid YAML");
    }

    [Test]
    public void A_missing_name_says_what_is_expected()
    {
        var error = Scenarios.Error("""
            steps:
              - connect: tcp://127.0.0.1:7
            """);

        error.Message.ShouldContain("test.yaml:1:1: a scenario is missing `name`");
    }

    [Test]
    public void A_bad_duration_says_how_to_write_one()
    {
        var error = Scenarios.Error("""
            name: bad duration
            steps:
              - connect: tcp://127.0.0.1:7
                timeout: 5 seconds
            """);

        error.Message.ShouldStartWith("test.yaml:4:14:");
        error.Message.ShouldContain("500ms");
    }

    [Test]
    public void Bad_hex_names_the_offending_character()
    {
        var error = Scenarios.Error("""
            name: bad hex
            steps:
              - connect: tcp://127.0.0.1:7
              - send: { hex: "0g" }
            """);

        error.Message.ShouldBe("test.yaml:4:18: hex: 'g' at offset 1 is not a hex digit");
    }

    [Test]
    public void An_unknown_variable_is_an_error_before_anything_runs()
    {
        var error = Scenarios.Error("""
            name: unknown peer
            peers:
              server: { builtin: echo }
            steps:
              - connect: tcp://${peers.sevrer.endpoint}
            """);

        error.Message.ShouldStartWith("test.yaml:5:20:");
        error.Message.ShouldContain("unknown peer 'sevrer'; did you mean `server`?");
    }

    [Test]
    public void An_unknown_builtin_peer_suggests_the_nearest()
    {
        var error = Scenarios.Error("""
            name: bad peer
            peers:
              server: { builtin: ecko }
            steps:
              - connect: tcp://${peers.server.endpoint}
            """);

        error.Message.ShouldBe("test.yaml:3:22: unknown built-in peer `ecko`; did you mean `echo`?");
    }

    [Test]
    public void A_connection_used_before_it_is_opened_is_an_error()
    {
        var error = Scenarios.Error("""
            name: no such connection
            steps:
              - connect: tcp://127.0.0.1:7
                as: alice
              - send: "hi"
                on: bob
            """);

        error.Message.ShouldStartWith("test.yaml:6:9:");
        error.Message.ShouldContain("connection 'bob' is not opened");
    }

    [Test]
    public void An_unknown_escape_names_its_column()
    {
        var error = Scenarios.Error("""
            name: bad escape
            steps:
              - connect: tcp://127.0.0.1:7
              - send: 'ab\q'
            """);

        error.Message.ShouldBe(@"test.yaml:4:14: send: unknown escape \q; expected \r, \n, \t, \0, \\, \xHH or \u{HHHH}");
    }

    [Test]
    public void Two_steps_in_one_list_item_are_an_error()
    {
        var error = Scenarios.Error("""
            name: two in one
            steps:
              - connect: tcp://127.0.0.1:7
                send: "hi"
            """);

        error.Message.ShouldContain("one list item holds two steps");
    }

    [Test]
    public void An_empty_file_says_what_a_scenario_needs()
    {
        Scenarios.Error(string.Empty).Message.ShouldBe("test.yaml:1:1: the file holds no scenario; expected a mapping with `name` and `steps`");
    }

    [Test]
    public void An_invalid_regex_is_caught_at_load_time()
    {
        var error = Scenarios.Error("""
            name: bad regex
            steps:
              - connect: tcp://127.0.0.1:7
              - expect: { regex: "([a-z" }
            """);

        error.Message.ShouldStartWith("test.yaml:4:22: regex:");
    }

    [Test]
    public void An_unset_environment_variable_is_an_error_before_anything_runs()
    {
        var options = new LoadOptions { Environment = _ => null };

        var error = Scenarios.Error("""
            name: env
            steps:
              - connect: tcp://${env.TARGET_HOST}:7
            """, options);

        error.Message.ShouldContain("environment variable TARGET_HOST is not set");
    }
}
