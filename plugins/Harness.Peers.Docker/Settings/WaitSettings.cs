using System.Text.RegularExpressions;

namespace Harness.Peers.Docker.Settings;

/// <summary>
/// When a container peer counts as ready: every strategy given must succeed, all within
/// <paramref name="Timeout"/>. None given means "the container is running".
/// </summary>
/// <param name="Port">A port that must answer a real exchange (see <see cref="Send"/>).</param>
/// <param name="Send">Bytes to send on <paramref name="Port"/>; any reply means ready. Required for UDP.</param>
/// <param name="Log">A pattern a line of the container's logs must match.</param>
/// <param name="HttpPath">A path a GET on the first TCP port must answer with 2xx or 3xx.</param>
/// <param name="Timeout">How long to wait for all of them.</param>
internal sealed record WaitSettings(ContainerPort? Port, string? Send, Regex? Log, string? HttpPath, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static WaitSettings Running { get; } = new(null, null, null, null, DefaultTimeout);
}
