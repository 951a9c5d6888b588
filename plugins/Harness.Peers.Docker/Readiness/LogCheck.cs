using System.Text.RegularExpressions;

namespace Harness.Peers.Docker.Readiness;

/// <summary>A line in the container's logs (stdout and stderr) that matches a pattern.</summary>
internal sealed class LogCheck(Regex pattern, Func<CancellationToken, Task<string>> readLogs) : IReadinessCheck
{
    public string Description => $"a log line matching /{pattern}/";

    public string LastProblem { get; private set; } = "not tried yet";

    public async ValueTask<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var logs = await readLogs(cancellationToken).ConfigureAwait(false);
        if (pattern.IsMatch(logs))
        {
            return true;
        }

        LastProblem = logs.Length == 0 ? "the logs are empty" : "no line matches yet";
        return false;
    }
}
