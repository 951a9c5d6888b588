using Harness.Peers.Docker.Engine;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Test]
    public void AUnixEndpointNamesItsSocketPath()
    {
        var endpoint = DockerEndpoint.Parse("unix:///run/user/1000/docker.sock");

        endpoint.SocketPath.ShouldBe("/run/user/1000/docker.sock");
        endpoint.TcpHost.ShouldBeNull();
    }

    [Test]
    public void ATcpEndpointNamesHostAndPort()
    {
        var endpoint = DockerEndpoint.Parse("tcp://127.0.0.1:2375");

        endpoint.TcpHost.ShouldBe("127.0.0.1");
        endpoint.TcpPort.ShouldBe(2375);
        endpoint.SocketPath.ShouldBeNull();
    }

    [Test]
    public void AnUnsupportedSchemeIsRefusedWithTheFormsThatWork()
    {
        Should.Throw<FormatException>(() => DockerEndpoint.Parse("ssh://me@host"))
            .Message.ShouldContain("unix:///");
    }

    [TestCase("1.41", "1.45", "1.41")]
    [TestCase("1.51", "1.45", "1.45")]
    [TestCase("1.9", "1.45", "1.9")]
    public void TheAgreedVersionIsTheOlderOfEngineAndClient(string engine, string client, string agreed)
    {
        ApiVersion.TryParse(engine, out var e).ShouldBeTrue();
        ApiVersion.TryParse(client, out var c).ShouldBeTrue();

        ApiVersion.Min(e, c).ToString().ShouldBe(agreed);
    }
}
