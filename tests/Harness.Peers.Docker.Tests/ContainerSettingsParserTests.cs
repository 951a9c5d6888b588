using Harness.Abstractions;
using Harness.Peers.Docker.Settings;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

public sealed class ContainerSettingsParserTests
{
    [Test]
    public void AFullPeerDeclarationIsReadIntoSettings()
    {
        var settings = ContainerSettingsParser.Parse(Some.Request(
            ("image", "harness-web:test"),
            ("command", Some.List("httpd", "-f", "-p", "80")),
            ("env", Some.Map(("GREETING", "hi"))),
            ("ports", Some.List("80", "53/udp")),
            ("publish", "own-address"),
            ("network", "backend"),
            ("wait", Some.Map(("port", "80"), ("send", "ping"), ("log", "ready"), ("http", "/"), ("timeout", "1500ms")))));

        settings.Image.ShouldBe("harness-web:test");
        settings.Command.ShouldBe(["httpd", "-f", "-p", "80"]);
        settings.Environment["GREETING"].ShouldBe("hi");
        settings.Ports.ShouldBe([new ContainerPort(80, "tcp"), new ContainerPort(53, "udp")]);
        settings.Ports[1].Key.ShouldBe("53/udp");
        settings.Publish.ShouldBe(PublishMode.OwnAddress);
        settings.Network.ShouldBe("backend");
        settings.Wait.Port.ShouldBe(new ContainerPort(80, "tcp"));
        settings.Wait.Send.ShouldBe("ping");
        settings.Wait.Log!.IsMatch("server ready").ShouldBeTrue();
        settings.Wait.HttpPath.ShouldBe("/");
        settings.Wait.Timeout.ShouldBe(TimeSpan.FromMilliseconds(1500));
    }

    [Test]
    public void AMinimalPeerPublishesOnLoopbackAndWaitsOnlyForRunning()
    {
        var settings = ContainerSettingsParser.Parse(Some.Request(("image", "x")));

        settings.Publish.ShouldBe(PublishMode.Loopback);
        settings.Ports.ShouldBeEmpty();
        settings.Command.ShouldBeNull();
        settings.Wait.ShouldBe(WaitSettings.Running);
    }

    [Test]
    public void ACommandGivenAsOneLineRunsThroughTheShell()
    {
        ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("command", "echo hi && sleep 1")))
            .Command.ShouldBe(["sh", "-c", "echo hi && sleep 1"]);
    }

    [Test]
    public void AnUnknownKeyIsNamedWithTheValidOnes()
    {
        var error = Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("prots", Some.List("80")))));

        error.Message.ShouldContain("unknown setting 'prots'");
        error.Message.ShouldContain("did you mean 'ports'?");
        error.Message.ShouldContain("image, build, command, env, ports, publish, network, wait");
    }

    [Test]
    public void AnUnknownWaitKeyIsNamedWithTheValidOnes()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("wait", Some.Map(("logs", "ready"))))))
            .Message.ShouldContain("unknown setting 'logs' in wait (did you mean 'log'?)");
    }

    [TestCase(null, null, "give either 'image'")]
    [TestCase("x", "folder", "give either 'image'")]
    public void ExactlyOneOfImageAndBuildIsRequired(string? image, string? build, string expected)
    {
        var entries = new List<(string, object?)>();
        if (image is not null)
        {
            entries.Add(("image", image));
        }

        if (build is not null)
        {
            entries.Add(("build", build));
        }

        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request([.. entries])))
            .Message.ShouldContain(expected);
    }

    [Test]
    public void ABuildFolderWithoutADockerfileIsRefused()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("build", "no-such-folder"))))
            .Message.ShouldContain("has no Dockerfile");
    }

    [TestCase("eighty")]
    [TestCase("0")]
    [TestCase("70000")]
    [TestCase("53/sctp")]
    public void APortThatIsNotAPortIsRefused(string port)
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("ports", Some.List(port)))))
            .Message.ShouldContain($"'{port}', which is not a port");
    }

    [Test]
    public void AWaitPortMustBeOneOfThePorts()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("ports", Some.List("80")), ("wait", Some.Map(("port", "81"))))))
            .Message.ShouldContain("'wait.port' is 81, which 'ports' does not list (80)");
    }

    [Test]
    public void AUdpWaitPortNeedsADatagramToSend()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("ports", Some.List("7/udp")), ("wait", Some.Map(("port", "7/udp"))))))
            .Message.ShouldContain("give 'wait.send'");
    }

    [TestCase("soon")]
    [TestCase("-1s")]
    [TestCase("0s")]
    public void ATimeoutThatIsNotADurationIsRefused(string timeout)
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("wait", Some.Map(("timeout", timeout))))))
            .Message.ShouldContain("give a duration such as 500ms, 30s or 2m");
    }

    [Test]
    public void AnUnknownPublishModeNamesTheTwoThatExist()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("publish", "everywhere"))))
            .Message.ShouldContain("'loopback'");
    }

    [Test]
    public void AnInvalidLogPatternIsRefused()
    {
        Should.Throw<PeerStartException>(() => ContainerSettingsParser.Parse(Some.Request(("image", "x"), ("wait", Some.Map(("log", "(unclosed"))))))
            .Message.ShouldContain("not a valid regular expression");
    }

    [TestCase("500ms", 500)]
    [TestCase("2s", 2000)]
    [TestCase("1.5s", 1500)]
    [TestCase("1m", 60000)]
    [TestCase("3", 3000)]
    public void DurationsReadAsScenariosWriteThem(string text, int milliseconds)
    {
        Duration.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }
}
