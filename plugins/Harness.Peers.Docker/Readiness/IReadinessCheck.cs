namespace Harness.Peers.Docker.Readiness;

/// <summary>One condition a container must meet before the scenario talks to it, tried repeatedly.</summary>
internal interface IReadinessCheck
{
    /// <summary>What is waited for, for the timeout message: "GET / on 127.0.0.1:32768 answering 2xx or 3xx".</summary>
    string Description { get; }

    /// <summary>What went wrong on the last try, for the timeout message.</summary>
    string LastProblem { get; }

    /// <summary>Tries once; false (with <see cref="LastProblem"/> set) when not ready yet.</summary>
    ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken);
}
