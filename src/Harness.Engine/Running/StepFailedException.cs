namespace Harness.Engine.Running;

/// <summary>A step did not go as the scenario says; carries the failure story. Internal control flow only.</summary>
internal sealed class StepFailedException(Failure failure) : Exception(failure.Message)
{
    public Failure Failure { get; } = failure;

    /// <summary>Whether the scenario could not run at all (exit 3) rather than failed (exit 1).</summary>
    public bool CouldNotRun { get; init; }
}
