using System.Globalization;
using Harness.Peers.Docker.Engine;

namespace Harness.Peers.Docker.Readiness;

/// <summary>
/// Polls a container's checks until all have passed once, the container exits, or the timeout
/// ends, as Testcontainers' wait strategies do. A passed check is not tried again.
/// </summary>
internal static class ReadinessWaiter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns null when ready, else why not (a sentence for the user).</summary>
    public static async Task<string?> WaitAsync(
        DockerEngineClient client,
        string containerId,
        IReadOnlyList<IReadinessCheck> checks,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var pending = checks.ToList();
        try
        {
            while (true)
            {
                var state = (await client.InspectContainerAsync(containerId, deadline.Token).ConfigureAwait(false)).State;
                if (state is { Running: false })
                {
                    return string.Create(
                        CultureInfo.InvariantCulture,
                        $"the container stopped before it was ready ({state.Status}, exit code {state.ExitCode}{(string.IsNullOrEmpty(state.Error) ? string.Empty : ", " + state.Error)})");
                }

                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    if (await pending[i].IsReadyAsync(deadline.Token).ConfigureAwait(false))
                    {
                        pending.RemoveAt(i);
                    }
                }

                if (pending.Count == 0)
                {
                    return null;
                }

                await Task.Delay(Interval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var waits = string.Join("; ", pending.Select(c => $"{c.Description} (last try: {c.LastProblem})"));
            return string.Create(CultureInfo.InvariantCulture, $"not ready within {timeout.TotalSeconds:0.###} s: waited for {waits}");
        }
    }
}
