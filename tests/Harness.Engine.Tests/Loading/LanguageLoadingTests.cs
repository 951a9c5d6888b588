using Harness.Engine.Loading;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

/// <summary>What the loader makes of the language's steps and fields, and where it draws the line.</summary>
public sealed class LanguageLoadingTests
{
    [Test]
    public void An_expect_step_carries_its_framing_latency_bound_and_captures()
    {
        var scenario = Scenarios.Parse("""
            name: t
            steps:
              - connect: tcp://127.0.0.1:1
              - expect: { regex: "^OK", until: "\r\n", within: 250ms, capture: { id: { regex: "id=(\\d+)" } } }
              - send: "${id}"
            """);

        var expect = scenario.Steps[1].ShouldBeOfType<ExpectStep>();
        expect.Framing.ShouldBeOfType<DelimiterFraming>().Delimiter.ToArray().ShouldBe("\r\n"u8.ToArray());
        expect.Within.ShouldBe(TimeSpan.FromMilliseconds(250));
        expect.Captures.Single().Name.ShouldBe("id");
    }

    [Test]
    public void A_plain_until_close_is_the_close_framing_and_a_quoted_one_a_delimiter()
    {
        var scenario = Scenarios.Parse("""
            name: t
            steps:
              - connect: tcp://127.0.0.1:1
              - expect: { contains: x, until: close }
              - expect: { contains: x, until: "close" }
            """);

        ((ExpectStep)scenario.Steps[1]).Framing.ShouldBeOfType<CloseFraming>();
        ((ExpectStep)scenario.Steps[2]).Framing.ShouldBeOfType<DelimiterFraming>();
    }

    [Test]
    public void Json_in_yaml_keeps_its_types()
    {
        var scenario = Scenarios.Parse("""
            name: t
            steps:
              - connect: tcp://127.0.0.1:1
              - expect: { json: { n: 1, f: 1.5, b: true, z: null, s: "1", l: [a] } }
            """);

        var json = ((ExpectStep)scenario.Steps[1]).Expectation.ShouldBeOfType<JsonExpectation>();
        json.Expected!.ToJsonString().ShouldBe("""{"n":1,"f":1.5,"b":true,"z":null,"s":"1","l":["a"]}""");
    }

    [Test]
    public void Repeat_nests_steps_and_its_variable_exists_only_inside()
    {
        var scenario = Scenarios.Parse("""
            name: t
            steps:
              - connect: tcp://127.0.0.1:1
              - repeat: { over: [a, b], as: letter }
                steps:
                  - send: "${letter}"
            """);

        var repeat = scenario.Steps[1].ShouldBeOfType<RepeatStep>();
        repeat.Over!.Select(t => t.Raw).ShouldBe(["a", "b"]);
        repeat.Steps.Single().ShouldBeOfType<SendStep>();
    }

    [Test]
    public void Connection_and_listener_variables_are_known_after_the_step_that_opens_them()
    {
        var scenario = Scenarios.Parse("""
            name: t
            steps:
              - listen: tcp://127.0.0.1:0
                as: srv
              - connect: tcp://${listeners.srv.endpoint}
                as: me
              - accept
              - send: { text: "${connections.me.local.port} ${connection.remote.host} ${client.index}", on: me }
            """);

        scenario.Steps[2].ShouldBeOfType<AcceptStep>().Listener.ShouldBe("srv");
    }

    [Test]
    public void Clients_is_read_from_the_top_level()
    {
        Scenarios.Parse("name: t\nclients: 7\nsteps:\n  - sleep: 1ms\n").Clients.ShouldBe(7);
    }

    [Test]
    public void Every_step_keyword_of_the_syntax_table_is_parsed()
    {
        // Each keyword in the table must reach a parser; an unparsed keyword would say "unknown step".
        foreach (var keyword in StepParser.Fields.Keys)
        {
            var error = Record.Exception(keyword);
            error?.Problem.ShouldNotContain("unknown step");
        }
    }

    private static class Record
    {
        public static ScenarioException? Exception(string keyword)
        {
            try
            {
                Scenarios.Parse($"name: t\nsteps:\n  - {keyword}: x\n");
                return null;
            }
            catch (ScenarioException ex)
            {
                return ex;
            }
        }
    }
}
