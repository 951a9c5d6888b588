using System.Net;
using Harness.Abstractions;
using Harness.Peers.Docker.Engine;

namespace Harness.Peers.Docker;

/// <summary>A started, ready container. Disposing it stops and removes it, and its network when it was the last user.</summary>
internal sealed class RunningContainerPeer(
    DockerEngineClient client,
    string containerId,
    IReadOnlyDictionary<string, string> variables,
    Func<CancellationToken, Task> releaseAsync) : IRunningPeer
{
    /// <summary>A peer gets SIGTERM and this long to exit before SIGKILL: scenarios are over, nothing to save.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan DisposeBudget = TimeSpan.FromSeconds(20);

    private string? _finalLogs;
    private int _disposed;

    public IReadOnlyDictionary<string, string> Variables { get; } = variables;

    public string ContainerId { get; } = containerId;

    public async ValueTask<string> ReadOutputAsync(CancellationToken cancellationToken)
    {
        if (_finalLogs is { } logs)
        {
            return logs;
        }

        try
        {
            return await client.GetLogsAsync(ContainerId, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return _finalLogs ?? string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Dispose has no token of its own; a stuck engine must not hang the run forever.
        using var budget = new CancellationTokenSource(DisposeBudget);
        try
        {
            // Keep the logs: a report may ask for them after the container is gone.
            _finalLogs = await client.GetLogsAsync(ContainerId, budget.Token).ConfigureAwait(false);
            await client.StopContainerAsync(ContainerId, StopGrace, budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineException or DockerEngineUnavailableException or OperationCanceledException)
        {
            // Removal below forces it anyway.
        }

        try
        {
            await client.RemoveContainerAsync(ContainerId, budget.Token).ConfigureAwait(false);
            ContainerJanitor.ForgetContainer(ContainerId);
        }
        finally
        {
            await releaseAsync(budget.Token).ConfigureAwait(false);
        }
    }
}
