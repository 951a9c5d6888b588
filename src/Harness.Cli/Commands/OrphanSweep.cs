using Harness.Engine.Model;
using Harness.Engine.Peers.Processes;

namespace Harness.Cli.Commands;

/// <summary>Before process peers start: stop those a killed harness left running (they may hold the very ports needed now).</summary>
internal static class OrphanSweep
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(IEnumerable<Scenario> scenarios, TextWriter error, CancellationToken cancellationToken)
    {
        // Only runs that start programs pay for the scan of the process table (the echo scenario's start-up does not).
        if (!scenarios.Any(s => s.Peers.Any(p => p is ProcessPeerDeclaration)))
        {
            return;
        }

        var stopped = await OrphanedPeers.StopAsync(Grace, cancellationToken).ConfigureAwait(false);
        if (stopped.Count > 0)
        {
            await error.WriteLineAsync(
                $"harness: stopped {stopped.Count} peer process{(stopped.Count == 1 ? string.Empty : "es")} that a killed harness run left running: {string.Join(", ", stopped)}")
                .ConfigureAwait(false);
        }
    }
}
