using System.Collections.Concurrent;
using Harness.Peers.Docker.Engine;

namespace Harness.Peers.Docker;

/// <summary>
/// Removes containers and networks left by harness processes of this host that died without
/// cleaning up (killed, crashed), found by their <c>harness.pid</c> label. It does the job of
/// Testcontainers' reaper without a reaper container: runs once per process and engine, before
/// the first container starts.
/// </summary>
internal static class StaleContainerSweeper
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Swept = new(StringComparer.Ordinal);

    public static Task SweepOnceAsync(DockerEngineClient client, CancellationToken cancellationToken) =>
        Swept.GetOrAdd(client.Endpoint.Text, _ => new Lazy<Task>(() => SweepQuietlyAsync(client, cancellationToken))).Value;

    /// <summary>Sweeps now; returns how many containers and networks were removed.</summary>
    public static async Task<(int Containers, int Networks)> SweepAsync(DockerEngineClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var containers = 0;
        foreach (var container in await client.ListContainersAsync([Labels.Pid], cancellationToken).ConfigureAwait(false))
        {
            if (Labels.IsStale(container.Labels))
            {
                await client.RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
                containers++;
            }
        }

        // Networks after containers: the engine refuses to remove a network still in use.
        var networks = 0;
        foreach (var network in await client.ListNetworksAsync([Labels.Pid], cancellationToken).ConfigureAwait(false))
        {
            if (Labels.IsStale(network.Labels))
            {
                try
                {
                    await client.RemoveNetworkAsync(network.Id, cancellationToken).ConfigureAwait(false);
                    networks++;
                }
                catch (DockerEngineException)
                {
                    // Still used by a container this sweep may not remove (another host's): leave it.
                }
            }
        }

        return (containers, networks);
    }

    private static async Task SweepQuietlyAsync(DockerEngineClient client, CancellationToken cancellationToken)
    {
        try
        {
            await SweepAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException)
        {
            // A failed sweep must not fail the scenario: the leftovers wait for the next run.
        }
    }
}
