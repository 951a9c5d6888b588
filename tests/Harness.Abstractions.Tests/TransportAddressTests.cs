using Harness.Abstractions;

namespace Harness.Abstractions.Tests;

public sealed class TransportAddressTests
{
    [TestCase("tcp://127.0.0.1:7", "tcp", "127.0.0.1", 7)]
    [TestCase("TCP://example.test:80", "tcp", "example.test", 80)]
    [TestCase("tcp6://[::1]:9000", "tcp6", "::1", 9000)]
    [TestCase("udp6://[fe80::1%eth0]:53", "udp6", "fe80::1%eth0", 53)]
    [TestCase("udp://localhost:0", "udp", "localhost", 0)]
    public void Valid_addresses_are_split_into_scheme_host_and_port(string text, string scheme, string host, int port)
    {
        TransportAddress.TryParse(text, out var address, out var error).ShouldBeTrue(error);

        address.ShouldBe(new TransportAddress(scheme, host, port));
    }

    [TestCase("127.0.0.1:7", "expected scheme://host:port")]
    [TestCase("tcp://127.0.0.1", "has no port")]
    [TestCase("tcp://127.0.0.1:http", "is not a number")]
    [TestCase("tcp://127.0.0.1:70000", "is not a number from 0 to 65535")]
    [TestCase("tcp6://::1:7", "write IPv6 literals in brackets")]
    [TestCase("tcp6://[::1]", "an IPv6 literal is written [addr]:port")]
    [TestCase("tcp://:7", "has no host")]
    public void Invalid_addresses_say_what_is_wrong(string text, string problem)
    {
        TransportAddress.TryParse(text, out _, out var error).ShouldBeFalse();

        error.ShouldContain(problem);
    }

    [Test]
    public void IPv6_hosts_are_written_back_in_brackets() =>
        new TransportAddress("tcp6", "::1", 7).ToString().ShouldBe("tcp6://[::1]:7");

    [Test]
    public void Boolean_options_reject_values_that_are_not_booleans()
    {
        var options = new TransportOptions(new Dictionary<string, string> { ["v6only"] = "maybe" });

        Should.Throw<FormatException>(() => options.GetBoolean("v6only", false)).Message.ShouldContain("v6only");
    }
}
