using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Harness.Peers.Docker.Engine;

namespace Harness.Peers.Docker;

/// <summary>
/// Knows every container and network this process has created and not yet removed, and removes
/// them when the process is interrupted (Ctrl-C, SIGTERM) or exits without disposing its peers.
/// What a SIGKILL leaves behind is the <see cref="StaleContainerSweeper"/>'s job.
/// </summary>
internal static class ContainerJanitor
{
    /// <summary>An interrupted user waits for this at most; a container left after it is swept next run.</summary>
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, DockerEngineClient> Containers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, DockerEngineClient> Networks = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static List<PosixSignalRegistration>? _registrations;

    public static void TrackContainer(DockerEngineClient client, string id)
    {
        EnsureHooked();
        Containers[id] = client;
    }

    public static void ForgetContainer(string id) => Containers.TryRemove(id, out _);

    public static void TrackNetwork(DockerEngineClient client, string id)
    {
        EnsureHooked();
        Networks[id] = client;
    }

    public static void ForgetNetwork(string id) => Networks.TryRemove(id, out _);

    /// <summary>Removes everything still tracked; used by the signal and exit hooks.</summary>
    public static async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Containers.ToArray().Select(async entry =>
        {
            try
            {
                await entry.Value.RemoveContainerAsync(entry.Key, cancellationToken).ConfigureAwait(false);
                Containers.TryRemove(entry.Key, out _);
            }
            catch (Exception e) when (e is DockerEngineException or DockerEngineUnavailableException or OperationCanceledException)
            {
                // Best effort while the process goes down; the sweeper removes it on the next run.
            }
        })).ConfigureAwait(false);

        foreach (var entry in Networks.ToArray())
        {
            try
            {
                await entry.Value.RemoveNetworkAsync(entry.Key, cancellationToken).ConfigureAwait(false);
                Networks.TryRemove(entry.Key, out _);
            }
            catch (Exception e) when (e is DockerEngineException or DockerEngineUnavailableException or OperationCanceledException)
            {
                // As above.
            }
        }
    }

    private static void EnsureHooked()
    {
        lock (Gate)
        {
            if (_registrations is not null)
            {
                return;
            }

            // The handlers do not cancel the signal: the host's own handling (and the default of
            // ending the process) goes on once the containers are gone.
            _registrations =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemoveAllNow()),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemoveAllNow()),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => RemoveAllNow()),
            ];
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAllNow();
        }
    }

    private static void RemoveAllNow()
    {
        if (Containers.IsEmpty && Networks.IsEmpty)
        {
            return;
        }

        using var budget = new CancellationTokenSource(CleanupBudget);

        // Signal handlers run on their own thread; blocking it is how the cleanup happens before the process ends.
        try
        {
            Task.Run(() => RemoveAllAsync(budget.Token), CancellationToken.None).Wait(CleanupBudget);
        }
        catch (AggregateException)
        {
            // Best effort, as in RemoveAllAsync.
        }
    }
}
