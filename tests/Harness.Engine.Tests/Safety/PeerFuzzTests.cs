using System.Diagnostics;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;
using Harness.Engine.Tests.Support.Fuzz;
using Harness.Engine.Tests.Support.PeerFuzz;

namespace Harness.Engine.Tests.Safety;

/// <summary>
/// Every built-in peer over every transport it makes sense over (tcp, udp, tcp6, udp6), attacked by seeded
/// misbehaving clients: garbage up to 4 MiB, resets, half-closes, one byte at a time, many connections at
/// once, unfinished HTTP requests, huge header lines, oversized datagrams, interleaved. Afterwards each peer
/// must have let go of every connection, still run its accept loop and serve a normal client, and no task of
/// the peers may have failed unobserved.
/// </summary>
[Category("robustness")]
public sealed class PeerFuzzTests
{
    private const int ActionsPerPeer = 120;
    private const int PeersAtOnce = 3;

    /// <summary>A hang catcher only: the run takes about a minute.</summary>
    private static readonly TimeSpan OverallLimit = TimeSpan.FromMinutes(8);

    [Test]
    public async Task Given_every_builtin_peer_over_every_transport_when_clients_misbehave_at_random_then_each_still_serves_a_normal_client_and_nothing_fails_unobserved()
    {
        // Given a seed, the transports and a watch on unobserved task exceptions
        var seed = FuzzSeed.Choose("peer fuzz");
        using var unobserved = new UnobservedExceptions();
        var catalog = PluginCatalog.Load([Repository.PluginsFolder]);
        var targets = PeerTarget.All();
        var tally = new FuzzTally();
        using var overall = new CancellationTokenSource(OverallLimit);
        using var slots = new SemaphoreSlim(PeersAtOnce);
        var clock = Stopwatch.StartNew();

        // When each peer is fuzzed (a few peers at once)
        var outcomes = await Task.WhenAll(targets.Select(async (target, index) =>
        {
            await slots.WaitAsync(overall.Token);
            try
            {
                return await PeerFuzzRun.RunAsync(target, FuzzSeed.Derive(seed, index), ActionsPerPeer, catalog, tally, overall.Token);
            }
            finally
            {
                slots.Release();
            }
        }));
        clock.Stop();

        // Then every peer still serves, and none failed unobserved
        var fromPeers = unobserved.Collect().Where(UnobservedExceptions.FromAPeer).ToList();
        var serving = outcomes.Count(o => o.AcceptLoopRunning && o.ServedAfter);
        RobustnessSummary.Append(
            $"peer fuzz: {PeerTarget.Builtins.Length} peers x {PeerTarget.Schemes.Length} transports ({targets.Count} pairs, http over tcp and tcp6 only; seed {seed}), " +
            $"{tally.Connections:N0} connections, {tally.Datagrams:N0} datagrams ({tally.RefusedByTheKernel:N0} more too large for UDP), " +
            $"{tally.BytesSent / (1024.0 * 1024 * 1024):0.00} GiB of random bytes sent and {tally.BytesReceived / (1024.0 * 1024 * 1024):0.00} GiB received, " +
            $"peers still serving: {serving} of {targets.Count}, crashes: {outcomes.Count(o => !o.AcceptLoopRunning)}, " +
            $"unobserved exceptions from peers: {fromPeers.Count}, longest peer output: {outcomes.Max(o => o.OutputLines):N0} lines, {clock.Elapsed.TotalSeconds:0} s");
        var problems = outcomes.SelectMany(o => o.Problems).Concat(tally.Problems).Concat(fromPeers.Select(e => $"unobserved: {e}")).ToList();
        problems.ShouldBeEmpty($"replay with {FuzzSeed.Variable}={seed}");
        serving.ShouldBe(targets.Count);
    }
}
