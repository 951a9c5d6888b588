using Harness.Engine.Peers;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support.Fuzz;

namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>How one peer came out of its fuzz: whether it still serves, and what went wrong.</summary>
internal sealed record PeerFuzzOutcome(PeerTarget Target, bool AcceptLoopRunning, bool ServedAfter, int OutputLines, IReadOnlyList<string> Problems);

/// <summary>
/// The fuzz of one peer over one transport: start it, check a normal client is served, run the seeded
/// misbehaving clients (a few at once), then check that it let go of every stream connection, that its
/// accept loop still runs and that a normal client is still served, and stop it.
/// </summary>
internal static class PeerFuzzRun
{
    private const int AtOnce = 4;

    /// <summary>A hang catcher: an action takes well under a second, or up to the 20 s a half-closed connection is given.</summary>
    private static readonly TimeSpan ActionLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan LetGoLimit = TimeSpan.FromSeconds(20);

    public static async Task<PeerFuzzOutcome> RunAsync(PeerTarget target, int seed, int actions, PluginCatalog catalog, FuzzTally tally, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var server = await target.StartAsync(catalog, cancellationToken);
        var endpoint = PeerTarget.EndPointOf(server, target);
        if (await NormalExchange.CheckAsync(target, endpoint, cancellationToken) is { } before)
        {
            problems.Add($"{target}: a normal client was not served even before the fuzz: {before}");
        }

        var where = $"{target} (seed {seed})";
        await using (var datagrams = target.IsStream ? null : new DatagramChaos(endpoint, tally, where))
        {
            var streams = new StreamChaos(endpoint, tally, where);
            using var slots = new SemaphoreSlim(AtOnce);
            await Task.WhenAll(Enumerable.Range(1, actions).Select(async action =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    var random = new Random(FuzzSeed.Derive(seed, action));
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(ActionLimit);
                    await (datagrams is null ? streams.RunAsync(random, 0, deadline.Token) : datagrams.RunAsync(random, 0, deadline.Token));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    tally.Problem($"{where}, action {action}: did not finish within {ActionLimit.TotalSeconds:0} s");
                }
                catch (System.Net.Sockets.SocketException ex)
                {
                    tally.Problem($"{where}, action {action}: could not connect: {ex.SocketErrorCode} {ex.Message}");
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        if (target.IsStream && await LetGoAsync(server, cancellationToken) is var held and > 0)
        {
            problems.Add($"{where}: still serving {held} connection(s) {LetGoLimit.TotalSeconds:0} s after every client left");
        }

        var running = server.IsServing;
        var output = (await server.ReadOutputAsync(cancellationToken)).Split('\n');
        var after = await NormalExchange.CheckAsync(target, endpoint, cancellationToken);
        if (!running)
        {
            problems.Add($"{where}: the accept loop has ended; the end of its output:\n{string.Join('\n', output.TakeLast(5))}");
        }

        if (after is not null)
        {
            problems.Add($"{where}: a normal client is not served after the fuzz: {after}; the end of the peer's output:\n{string.Join('\n', output.TakeLast(5))}");
        }

        return new PeerFuzzOutcome(target, running, after is null, output.Length, problems);
    }

    /// <summary>Waits until the peer serves no connection (its closing handshakes take up to 2 s); returns how many are left.</summary>
    private static async Task<int> LetGoAsync(BuiltinPeerServer server, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (server.ActiveClients > 0 && clock.Elapsed < LetGoLimit)
        {
            await Task.Delay(50, cancellationToken);
        }

        return server.ActiveClients;
    }
}
