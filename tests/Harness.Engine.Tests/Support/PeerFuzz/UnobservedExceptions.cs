namespace Harness.Engine.Tests.Support.PeerFuzz;

/// <summary>
/// Collects the exceptions of faulted tasks nobody awaited (<see cref="TaskScheduler.UnobservedTaskException"/>)
/// while it is alive. They surface only when the task is collected, so <see cref="Collect"/> forces a collection.
/// </summary>
internal sealed class UnobservedExceptions : IDisposable
{
    private readonly List<Exception> _seen = [];

    public UnobservedExceptions() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    /// <summary>Everything seen so far, after collecting every unreachable task.</summary>
    public IReadOnlyList<Exception> Collect()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        lock (_seen)
        {
            return [.. _seen];
        }
    }

    /// <summary>Those thrown by the peers' code (the engine's peers or the socket transports), not by the test's clients.</summary>
    public static bool FromAPeer(Exception exception) =>
        exception.ToString() is var text && (text.Contains("Harness.Engine.Peers", StringComparison.Ordinal) || text.Contains("Harness.Transports", StringComparison.Ordinal));

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        lock (_seen)
        {
            _seen.Add(e.Exception);
        }
    }
}
