using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>
/// Inputs the loader fuzzer found that escaped as something other than a located <see cref="ScenarioException"/>:
/// another exception type, a stack overflow that killed the process, or minutes of work. Each is refused at
/// its place now (or, for a tagged key, simply loaded).
/// </summary>
public sealed class LoaderGuardTests
{
    /// <summary>A hang catcher only: each of these takes milliseconds now, and took minutes (or forever) before.</summary>
    private static readonly TimeSpan NotAHang = TimeSpan.FromSeconds(30);

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

    [Test]
    public void Given_lists_nested_a_hundred_thousand_deep_then_the_level_past_the_limit_is_refused_not_a_stack_overflow()
    {
        var error = Scenarios.Error("name: deep\nsteps: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        error.Message.ShouldBe($"test.yaml:2:{8 + GuardedParser.MaxNesting - 1}: the YAML nests more than {GuardedParser.MaxNesting} levels deep; a scenario needs far fewer");
    }

    [Test]
    public void Given_a_key_that_is_a_list_holding_an_alias_to_itself_then_it_is_refused_not_hashed_forever()
    {
        // Was: a stack overflow in YamlDotNet hashing the key
        var error = Scenarios.Error("name: t\n? &a [*a]\n: 1\nsteps:\n  - close\n");

        error.Message.ShouldBe("test.yaml:2:3: a key must be a single value, not a list or a mapping");
    }

    [Test]
    public void Given_a_key_that_is_an_alias_of_a_list_then_it_is_refused_before_the_list_is_hashed()
    {
        var error = Scenarios.Error("name: t\nx: &l [1, 2]\n*l : 1\nsteps:\n  - close\n");

        error.Message.ShouldBe("test.yaml:3:1: a key must be a single value, not a list or a mapping");
    }

    [Test]
    public void Given_a_value_holding_an_alias_to_itself_then_the_anchor_is_refused_there()
    {
        var error = Scenarios.Error("name: t\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - expect: { json: &j [1, {a: *j}] }\n");

        error.Message.ShouldBe("test.yaml:4:21: the value anchored here as &j holds an alias to itself (*j at 4:32): an alias that refers to itself never ends");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Given_a_billion_laughs_then_the_alias_that_expands_past_the_limit_is_refused(bool flow)
    {
        // Was: 10^9 values walked (as a JSON value, or as repeated steps) from a few hundred bytes
        var yaml = flow
            ? "name: t\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - expect: { json: " + AliasBomb(flow: true) + " }\n"
            : "name: t\nsteps:\n  - close\nload: { thresholds: {} }" + AliasBomb(flow: false);

        var error = Should.CompleteIn(() => Scenarios.Error(yaml), NotAHang);

        error.Message.ShouldContain($"with its aliases expanded the file holds more than {GuardedParser.MaxExpandedValues:N0} values");
        error.Message.ShouldContain("an alias bomb?");
    }

    [Test]
    public void Given_an_alias_before_its_anchor_then_it_is_refused_at_the_alias()
    {
        // Was: YamlDotNet resolves it at the document's end, so a bomb whose levels were swapped escaped the limit
        var error = Scenarios.Error("name: t\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - expect: { json: [*later, &later [1]] }\n");

        error.Message.ShouldBe("test.yaml:4:22: invalid YAML: the alias *later refers to no anchor before it; write `&later` on a value above");
    }

    [Test]
    public void Given_aliases_within_the_limit_then_they_load_as_copies_of_their_anchors()
    {
        var scenario = Scenarios.Parse("""
            name: reused steps
            steps:
              - connect: tcp://127.0.0.1:1
              - repeat: 2
                steps: &ping
                  - send: "ping\n"
                  - expect: { json: &reply [1, 2, 3] }
              - repeat: 3
                steps: *ping
              - expect: { json: [*reply, *reply] }
            """);

        scenario.Steps.Count.ShouldBe(4);
        ((RepeatStep)scenario.Steps[2]).Steps.Count.ShouldBe(2);
    }

    [Test]
    public void Given_an_empty_verbatim_tag_then_it_is_invalid_yaml_at_its_place()
    {
        // Was: ArgumentException "Tag value must not be empty" from YamlDotNet's parser
        var error = Scenarios.Error("name: !<> t\nsteps:\n  - close\n");

        error.Message.ShouldStartWith("test.yaml:1:");
        error.Message.ShouldContain("invalid YAML");
    }

    [Test]
    public void Given_an_unclosed_flow_list_ending_in_a_tab_then_it_is_invalid_yaml_at_its_place()
    {
        // Was: InvalidOperationException from YamlDotNet's scanner
        var error = Scenarios.Error("tags: [ipv6, udp6\t\nname: x\nsteps:\n  - close\n");

        error.Message.ShouldStartWith("test.yaml:2:");
        error.Message.ShouldContain("invalid YAML");
    }

    [Test]
    public void Given_an_empty_key_whose_value_the_yaml_reader_drops_then_the_key_is_refused()
    {
        // Was: ArgumentException "The current event is of an unsupported type" from YamlDotNet's document builder
        var error = Scenarios.Error("name: t\nsteps:\n  -  : tcp://127.0.0.1:1\n");

        error.Message.ShouldBe("test.yaml:3:7: invalid YAML: the mapping ends after this key, without its value (an empty key before `:`?)");
    }

    [Test]
    public void Given_a_misspelt_use_of_a_very_long_capture_name_then_it_is_refused_without_comparing_every_pair_of_characters()
    {
        // Was: a minute and gigabytes for two 30,000-character names (the whole edit-distance table)
        var name = new string('a', 100_000);
        var yaml = $"name: t\nsteps:\n  - connect: tcp://127.0.0.1:1\n  - expect: {{ regex: \"(x)\", capture: {{ {name}: {{ regex: \"(x)\" }} }} }}\n  - send: \"${{{name}b}}\"\n";

        var error = Should.CompleteIn(() => Scenarios.Error(yaml), NotAHang);

        error.Message.ShouldStartWith("test.yaml:5:12: send: unknown variable");
        error.Message.ShouldContain($"did you mean `{name}`?");
    }

    [TestCase("exepct", "expect", 1)]
    [TestCase("timeuot", "timeout", 1)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("", "abc", 3)]
    [TestCase("abcdef", "ab", 4)]
    [TestCase("same", "same", 0)]
    public void The_distance_is_exact_within_its_limit_and_limit_plus_one_beyond(string a, string b, int exact)
    {
        Suggestions.Distance(a, b, limit: 3).ShouldBe(Math.Min(exact, 4));
        Suggestions.Distance(a, b, limit: 10).ShouldBe(exact);
    }

    /// <summary>Nine levels of ten aliases each: 10^9 values once expanded.</summary>
    private static string AliasBomb(bool flow)
    {
        var levels = Enumerable.Range(0, 9).Select(i => i == 0
            ? "&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
            : $"&l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]").ToList();
        return flow ? "[" + string.Join(", ", levels) + "]" : "\n" + string.Join("\n", levels.Select((level, i) => $"lol{i}: {level}")) + "\n";
    }
}
