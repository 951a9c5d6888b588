using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

[Category("docker")]
public sealed class ContainerPeerKindTests
{
    private readonly ContainerPeerKind _kind = new(LocalEngine.Endpoint);

    [SetUp]
    public async Task RequireEngine() => await LocalEngine.RequireAsync();

    [Test]
    public async Task APortIsPublishedOnLoopbackAtAPortTheEngineChose()
    {
        await using var peer = await _kind.StartAsync(
            Some.Request(("image", Some.Web), ("ports", Some.List("80")), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());

        peer.Variables["host"].ShouldBe("127.0.0.1");
        var port = int.Parse(peer.Variables["ports.80"], System.Globalization.CultureInfo.InvariantCulture);
        port.ShouldNotBe(80);
        peer.Variables["port"].ShouldBe(peer.Variables["ports.80"]);
        peer.Variables["endpoint"].ShouldBe($"127.0.0.1:{port}");
        peer.Variables["ports.80/tcp"].ShouldBe(peer.Variables["ports.80"]);
        (await HttpGetAsync(IPAddress.Loopback, port)).ShouldStartWith("HTTP/1.1 200");
    }

    [Test]
    public async Task AnOwnAddressPeerIsAWebHostOnPort80Itself()
    {
        await using var peer = await _kind.StartAsync(
            Some.Request(("image", Some.Web), ("ports", Some.List("80")), ("publish", "own-address"), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());

        var host = IPAddress.Parse(peer.Variables["host"]);
        host.GetAddressBytes()[0..3].ShouldBe(new byte[] { 127, 0, 0 });
        host.ShouldNotBe(IPAddress.Loopback);
        peer.Variables["ports.80"].ShouldBe("80");
        (await HttpGetAsync(host, 80)).ShouldStartWith("HTTP/1.1 200");
    }

    [Test]
    public async Task TwoOwnAddressPeersGetTwoAddresses()
    {
        await using var first = await _kind.StartAsync(
            Some.Request(("image", Some.Web), ("ports", Some.List("80")), ("publish", "own-address"), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());
        await using var second = await _kind.StartAsync(
            Some.Request(("image", Some.Web), ("ports", Some.List("80")), ("publish", "own-address"), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());

        second.Variables["host"].ShouldNotBe(first.Variables["host"]);
    }

    [Test]
    public async Task ALogWaitReturnsOnceTheLineIsPrinted()
    {
        await using var peer = await _kind.StartAsync(
            Some.Request(("image", Some.Busybox), ("command", "sleep 1; echo server is ready; sleep 60"), ("wait", Some.Map(("log", "is ready$"), ("timeout", "20s")))),
            Some.Timeout());

        (await peer.ReadOutputAsync(Some.Timeout())).ShouldContain("server is ready");
    }

    [Test]
    public async Task APortWaitWithASendWaitsForTheServerInsideNotTheEnginesProxy()
    {
        // Given a server that starts listening two seconds after the container starts
        await using var peer = await _kind.StartAsync(
            Some.Request(
                ("image", Some.Busybox),
                ("command", "sleep 2; exec nc -ll -p 7 -e cat"),
                ("ports", Some.List("7")),
                ("wait", Some.Map(("port", "7"), ("send", "ping"), ("timeout", "20s")))),
            Some.Timeout());

        // Then the first exchange after the start already succeeds
        (await ExchangeAsync(int.Parse(peer.Variables["ports.7"], System.Globalization.CultureInfo.InvariantCulture), "Hello, Server!")).ShouldBe("Hello, Server!");
    }

    [Test]
    public async Task APortWaitWithoutASendRequiresTheConnectionToStayOpen()
    {
        var watch = Stopwatch.StartNew();
        await using var peer = await _kind.StartAsync(
            Some.Request(
                ("image", Some.Busybox),
                ("command", "sleep 2; exec nc -ll -p 7 -e cat"),
                ("ports", Some.List("7")),
                ("wait", Some.Map(("port", "7"), ("timeout", "20s")))),
            Some.Timeout());

        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
        (await ExchangeAsync(int.Parse(peer.Variables["ports.7"], System.Globalization.CultureInfo.InvariantCulture), "hi")).ShouldBe("hi");
    }

    [Test]
    public async Task AUdpPortWaitSendsADatagramAndExpectsOneBack()
    {
        await using var peer = await _kind.StartAsync(
            Some.Request(("image", Some.UdpEcho), ("ports", Some.List("7/udp")), ("wait", Some.Map(("port", "7/udp"), ("send", "ping")))),
            Some.Timeout());

        peer.Variables.Keys.ShouldContain("ports.7/udp");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(IPAddress.Loopback, int.Parse(peer.Variables["ports.7/udp"], System.Globalization.CultureInfo.InvariantCulture));
        await socket.SendAsync("Hello, Server!"u8.ToArray(), SocketFlags.None);
        var buffer = new byte[100];
        var count = await socket.ReceiveAsync(buffer, SocketFlags.None, Some.Timeout(5));
        Encoding.UTF8.GetString(buffer, 0, count).ShouldBe("Hello, Server!");
    }

    [Test]
    public async Task APeerThatNeverBecomesReadyTimesOutWithinItsTimeoutAndLeavesNothing()
    {
        // Given a container that runs but never listens
        var runId = Some.RunId();
        var watch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PeerStartException>(async () => await _kind.StartAsync(
            Some.Request("web", runId, ("image", Some.Busybox), ("command", "echo starting but never listening; sleep 60"), ("ports", Some.List("80")), ("wait", Some.Map(("http", "/"), ("timeout", "2s")))),
            Some.Timeout()));

        // Then it gives up after the timeout (plus one try's worth), says what it waited for, and keeps the logs
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        error.Message.ShouldContain("not ready within 2 s");
        error.Message.ShouldContain("GET / on 127.0.0.1:");
        error.Output.ShouldContain("starting but never listening");
        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
    }

    [Test]
    public async Task AContainerThatExitsBeforeItIsReadyFailsAtOnceWithItsLogs()
    {
        var runId = Some.RunId();
        var watch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PeerStartException>(async () => await _kind.StartAsync(
            Some.Request("crash", runId, ("image", Some.Busybox), ("command", "echo cannot bind port; exit 3"), ("wait", Some.Map(("log", "ready"), ("timeout", "30s")))),
            Some.Timeout()));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        error.Message.ShouldContain("exit code 3");
        error.Output.ShouldContain("cannot bind port");
        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
    }

    [Test]
    public async Task TheLogsAreReadableWhileRunningAndAfterDisposal()
    {
        var peer = await _kind.StartAsync(
            Some.Request(("image", Some.Busybox), ("command", "echo to stdout; echo to stderr >&2; sleep 60"), ("wait", Some.Map(("log", "to stderr")))),
            Some.Timeout());

        var logs = await peer.ReadOutputAsync(Some.Timeout());
        await peer.DisposeAsync();

        logs.ShouldContain("to stdout");
        logs.ShouldContain("to stderr");
        (await peer.ReadOutputAsync(Some.Timeout())).ShouldBe(logs);
    }

    [Test]
    public async Task DisposingAPeerRemovesItsContainer()
    {
        var runId = Some.RunId();
        var peer = await _kind.StartAsync(Some.Request("sleeper", runId, ("image", Some.Busybox), ("command", Some.List("sleep", "60"))), Some.Timeout());
        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(1);

        var watch = Stopwatch.StartNew();
        await peer.DisposeAsync();

        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task EveryContainerIsLabelledWithTheRunThePeerAndThisProcess()
    {
        var runId = Some.RunId();
        await using var peer = await _kind.StartAsync(Some.Request("sleeper", runId, ("image", Some.Busybox), ("command", Some.List("sleep", "60"))), Some.Timeout());

        var labels = (await LocalEngine.Client.ListContainersAsync([$"{Labels.Run}={runId}"], Some.Timeout())).Single().Labels!;
        labels[Labels.Peer].ShouldBe("sleeper");
        labels[Labels.Pid].ShouldBe(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        labels.Keys.ShouldContain(Labels.Started);
    }

    [Test]
    public async Task PeersOnOneNetworkReachEachOtherByNameAndTheNetworkGoesWithTheLast()
    {
        // Given a web container and a relay in front of it on a shared network
        var runId = Some.RunId();
        var web = await _kind.StartAsync(
            Some.Request("web", runId, ("image", Some.Web), ("ports", Some.List("80")), ("network", "backend"), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());
        var relay = await _kind.StartAsync(
            Some.Request("relay", runId, ("image", Some.Busybox), ("command", Some.List("nc", "-ll", "-p", "8080", "-e", "nc", "web", "80")), ("ports", Some.List("8080")), ("network", "backend"), ("wait", Some.Map(("http", "/")))),
            Some.Timeout());

        // When the harness talks to the relay's published port
        var reply = await HttpGetAsync(IPAddress.Loopback, int.Parse(relay.Variables["ports.8080"], System.Globalization.CultureInfo.InvariantCulture));

        // Then the web container answered through it, and both and the network are gone afterwards
        reply.ShouldStartWith("HTTP/1.1 200");
        reply.ShouldContain("Hello from the harness web container");
        relay.Variables["network"].ShouldBe(web.Variables["network"]);
        await relay.DisposeAsync();
        (await LocalEngine.Client.ListNetworksAsync([$"{Labels.Run}={runId}"], Some.Timeout())).Count.ShouldBe(1);
        await web.DisposeAsync();
        (await LocalEngine.Client.ListNetworksAsync([$"{Labels.Run}={runId}"], Some.Timeout())).ShouldBeEmpty();
        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
    }

    [Test]
    public async Task ABuildFolderIsBuiltAndRun()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harness-build-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(folder + "/Dockerfile", $"FROM {Some.Busybox}\nCMD [\"sh\", \"-c\", \"echo built and running; sleep 60\"]\n");
            await using var peer = await _kind.StartAsync(
                new PeerStartRequest("built", Some.RunId(), Some.Map(("build", Path.GetFileName(folder)), ("wait", Some.Map(("log", "built and running")))), Path.GetTempPath()),
                Some.Timeout(120));

            (await peer.ReadOutputAsync(Some.Timeout())).ShouldContain("built and running");
            (await LocalEngine.Client.InspectImageAsync(ContainerPeerKind.BuildTag(folder), Some.Timeout())).ShouldNotBeNull();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);

            // Each run builds from a new folder, so a new tag: remove it, or every test run leaves an image.
            await LocalEngine.Client.RemoveImageAsync(ContainerPeerKind.BuildTag(folder), Some.Timeout());
        }
    }

    [Test]
    public async Task AMissingImageIsReportedWithHowToBuildTheTestImages()
    {
        var error = await Should.ThrowAsync<PeerStartException>(async () => await _kind.StartAsync(Some.Request(("image", "harness-no-such-image:test")), Some.Timeout()));

        error.Message.ShouldContain("harness-no-such-image:test");
        error.Message.ShouldContain("scripts/build-test-images.sh");
    }

    private static async Task<string> HttpGetAsync(IPAddress host, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host, port);
        await socket.SendAsync("GET / HTTP/1.0\r\nHost: web\r\n\r\n"u8.ToArray(), SocketFlags.None);
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, Some.Timeout(5))) > 0)
        {
            reply.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return reply.ToString();
    }

    private static async Task<string> ExchangeAsync(int port, string text)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);
        var buffer = new byte[100];
        var received = new StringBuilder();
        while (received.Length < text.Length)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, Some.Timeout(5));
            if (count == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
