using System.Text;
using Harness.Engine.Model;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Loading;

public sealed class ScenarioLoaderTests
{
    private const string Echo = """
        name: TCP echo
        description: the classic
        tags: [tcp, smoke]
        peers:
          server: { builtin: echo }
        steps:
          - connect: tcp://${peers.server.endpoint}
          - send: "Hello, Server!"
          - expect: { echo: true }
          - close
        """;

    [Test]
    public void The_echo_scenario_loads_into_its_model()
    {
        var scenario = Scenarios.Parse(Echo);

        scenario.Name.ShouldBe("TCP echo");
        scenario.Tags.ShouldBe(["tcp", "smoke"]);
        var peer = scenario.Peers.ShouldHaveSingleItem().ShouldBeOfType<BuiltinPeerDeclaration>();
        peer.Builtin.ShouldBe("echo");
        peer.Transport.ShouldBe("tcp");
        peer.Host.ShouldBe("127.0.0.1");
        scenario.Steps.Select(s => s.Keyword).ShouldBe(["connect", "send", "expect", "close"]);
        scenario.Steps[0].ShouldBeOfType<ConnectStep>().Address.Variables.ShouldBe(["peers.server.endpoint"]);
        scenario.Steps[2].ShouldBeOfType<ExpectStep>().Expectation.ShouldBeOfType<EchoExpectation>();
    }

    [Test]
    public void Steps_remember_their_line_and_column()
    {
        var scenario = Scenarios.Parse(Echo);

        scenario.Steps[1].Location.ShouldBe(new SourceLocation("test.yaml", 8, 5));
    }

    [Test]
    public void Escapes_are_decoded_in_single_quoted_text_and_left_to_yaml_in_double_quoted_text()
    {
        var scenario = Scenarios.Parse("""
            name: escapes
            steps:
              - connect: tcp://127.0.0.1:7
              - send: 'GET / HTTP/1.0\r\n\x41\u{e9}'
              - send: "line\r\n"
            """);

        Bytes(scenario.Steps[1]).ShouldBe(Encoding.UTF8.GetBytes("GET / HTTP/1.0\r\nAé"));
        Bytes(scenario.Steps[2]).ShouldBe(Encoding.UTF8.GetBytes("line\r\n"));
    }

    [Test]
    public void Hex_payloads_accept_spaces_and_colons()
    {
        var scenario = Scenarios.Parse("""
            name: hex
            steps:
              - connect: tcp://127.0.0.1:7
              - send: { hex: "de ad:BE EF" }
            """);

        Bytes(scenario.Steps[1]).ShouldBe(new byte[] { 0xde, 0xad, 0xbe, 0xef });
    }

    [Test]
    public void Step_fields_may_sit_beside_the_keyword_or_inside_it()
    {
        var scenario = Scenarios.Parse("""
            name: both forms
            steps:
              - connect: tcp://127.0.0.1:7
                as: alice
                timeout: 2s
              - expect: { regex: "^OK", on: alice, timeout: 500ms }
              - expect: "done"
                on: alice
            """);

        var connect = scenario.Steps[0].ShouldBeOfType<ConnectStep>();
        connect.Connection.ShouldBe("alice");
        connect.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        scenario.Steps[1].ShouldBeOfType<ExpectStep>().Timeout.ShouldBe(TimeSpan.FromMilliseconds(500));
        scenario.Steps[2].ShouldBeOfType<ExpectStep>().Connection.ShouldBe("alice");
    }

    [Test]
    public void Several_yaml_documents_in_one_file_are_several_scenarios()
    {
        var scenarios = new Harness.Engine.Loading.ScenarioLoader(new()).Load("""
            name: one
            steps: [ { connect: "tcp://127.0.0.1:1" } ]
            ---
            name: two
            steps: [ { connect: "tcp://127.0.0.1:2" } ]
            """, "two.yaml");

        scenarios.Select(s => s.Name).ShouldBe(["one", "two"]);
    }

    private static byte[] Bytes(Step step) =>
        step.ShouldBeOfType<SendStep>().Payload.Resolve(_ => null).ToArray();
}
