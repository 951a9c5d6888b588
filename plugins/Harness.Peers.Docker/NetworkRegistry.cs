using Harness.Peers.Docker.Engine;

namespace Harness.Peers.Docker;

/// <summary>
/// The user-defined networks of this process, shared by the peers of one run that name the same
/// network: the first peer creates it, the last one to leave removes it.
/// </summary>
internal static class NetworkRegistry
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, (string Id, int Users)> Networks = new(StringComparer.Ordinal);

    /// <summary>The engine's name of the run's network, unique to the run so that runs never share one.</summary>
    public static string EngineName(string runId, string network) => $"harness-{Names.Sanitize(runId)}-{network}";

    public static async Task<string> AcquireAsync(DockerEngineClient client, string runId, string network, CancellationToken cancellationToken)
    {
        var name = EngineName(runId, network);
        var key = $"{client.Endpoint}|{name}";
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Networks.TryGetValue(key, out var entry))
            {
                Networks[key] = (entry.Id, entry.Users + 1);
                return name;
            }

            var labels = Labels.For(runId, network: network);
            var id = await client.CreateNetworkAsync(name, labels, cancellationToken).ConfigureAwait(false);
            ContainerJanitor.TrackNetwork(client, id);
            Networks[key] = (id, 1);
            return name;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync(DockerEngineClient client, string runId, string network, CancellationToken cancellationToken)
    {
        var key = $"{client.Endpoint}|{EngineName(runId, network)}";
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Networks.TryGetValue(key, out var entry))
            {
                return;
            }

            if (entry.Users > 1)
            {
                Networks[key] = (entry.Id, entry.Users - 1);
                return;
            }

            Networks.Remove(key);
            await client.RemoveNetworkAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            ContainerJanitor.ForgetNetwork(entry.Id);
        }
        finally
        {
            Gate.Release();
        }
    }
}
