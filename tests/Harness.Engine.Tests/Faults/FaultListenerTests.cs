using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Abstractions;
using Harness.Engine.Faults;
using Harness.Engine.Model;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Safety;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Faults;

/// <summary>A <c>listen</c> through the fault proxy: the client under test meets the faults, the harness accepts it as usual.</summary>
[Category("robustness")]
public sealed class FaultListenerTests
{
    private static readonly PluginCatalog Catalog = PluginCatalog.Load([Repository.PluginsFolder]);

    [OneTimeTearDown]
    public void Summarize() =>
        RobustnessSummary.Append($"fault proxy in front of a listen (clients meet the faults, accepted under their own address, nothing left listening): {TestContext.CurrentContext.Result.PassCount} passed, {TestContext.CurrentContext.Result.FailCount} failed");

    [Test]
    public async Task A_client_connects_where_the_listener_says_and_is_accepted_under_its_own_address()
    {
        // Given a listener whose replies reach the client in 1-byte pieces
        await using var listener = await ListenAsync(new DirectionFaults { Chunk = 1, ChunkDelay = TimeSpan.FromMilliseconds(50) }, DirectionFaults.None);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // When a client connects to the listener's address and the harness accepts it
        await client.ConnectAsync(listener.LocalEndPoint);
        await using var accepted = (IStreamConnection)await listener.AcceptAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);

        // Then the accepted connection names the client, and what the harness sends arrives a byte per receive
        accepted.RemoteEndPoint.ShouldBe(client.LocalEndPoint);
        await accepted.SendAsync("OK!\n"u8.ToArray(), CancellationToken.None);
        var sizes = new List<int>();
        var buffer = new byte[64];
        var text = new StringBuilder();
        while (text.Length < 4)
        {
            var received = await client.ReceiveAsync(buffer);
            sizes.Add(received);
            text.Append(Encoding.ASCII.GetString(buffer, 0, received));
        }

        text.ToString().ShouldBe("OK!\n");
        sizes.ShouldBe([1, 1, 1, 1]);
    }

    [Test]
    public async Task What_the_client_sends_reaches_the_harness_through_its_own_faults()
    {
        await using var listener = await ListenAsync(DirectionFaults.None, new DirectionFaults { CloseAfter = new Cut(3, null) });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint);
        await using var accepted = (IStreamConnection)await listener.AcceptAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);

        await client.SendAsync("HELLO"u8.ToArray());

        // The harness reads three bytes, then the end of the stream
        var buffer = new byte[64];
        var all = new List<byte>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await accepted.ReceiveAsync(buffer, deadline.Token) is var received and > 0)
        {
            all.AddRange(buffer.Take(received));
        }

        Encoding.ASCII.GetString([.. all]).ShouldBe("HEL");
    }

    [Test]
    public async Task Closing_the_listener_leaves_nothing_listening()
    {
        var listener = await ListenAsync(DirectionFaults.None, DirectionFaults.None);
        var where = (IPEndPoint)listener.LocalEndPoint;

        await listener.DisposeAsync();

        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Should.ThrowAsync<SocketException>(async () => await late.ConnectAsync(where));
        refused.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
    }

    private static async Task<FaultListener> ListenAsync(DirectionFaults send, DirectionFaults receive)
    {
        Catalog.TryGetTransport("tcp", out var tcp).ShouldBeTrue();
        var faults = new FaultPlan(send, receive, FaultPlan.DefaultSeed, new SourceLocation("test.yaml", 1, 1));
        return await FaultListener.StartAsync(tcp, new TransportAddress("tcp", "127.0.0.1", 0), TransportOptions.None, faults, 1, TimeProvider.System, CancellationToken.None);
    }
}
