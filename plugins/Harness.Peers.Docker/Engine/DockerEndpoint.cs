using System.Globalization;

namespace Harness.Peers.Docker.Engine;

/// <summary>Where the engine listens, read from <c>DOCKER_HOST</c> as the docker CLI reads it.</summary>
/// <param name="Text">The endpoint as written, such as <c>unix:///var/run/docker.sock</c>.</param>
/// <param name="SocketPath">The unix socket path, for a <c>unix://</c> endpoint.</param>
/// <param name="TcpHost">The host, for a <c>tcp://</c> endpoint.</param>
/// <param name="TcpPort">The port, for a <c>tcp://</c> endpoint.</param>
internal sealed record DockerEndpoint(string Text, string? SocketPath, string? TcpHost, int TcpPort)
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>Whether <c>DOCKER_HOST</c> was set, for messages that say what was tried.</summary>
    public bool FromEnvironment { get; init; }

    public static DockerEndpoint FromEnvironmentVariable()
    {
        var text = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(text)
            ? Parse(DefaultSocket)
            : Parse(text.Trim()) with { FromEnvironment = true };
    }

    public static DockerEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = text["unix://".Length..];
            return path.Length == 0
                ? throw new FormatException($"DOCKER_HOST '{text}' names no socket path")
                : new DockerEndpoint(text, path, null, 0);
        }

        if (text.StartsWith("tcp://", StringComparison.Ordinal))
        {
            // TLS (DOCKER_TLS_VERIFY, port 2376) is not supported: the harness only talks to local engines.
            var authority = text["tcp://".Length..].TrimEnd('/');
            var colon = authority.LastIndexOf(':');
            var host = colon > 0 ? authority[..colon] : authority;
            var port = colon > 0 && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                ? p
                : 2375;
            return host.Length == 0
                ? throw new FormatException($"DOCKER_HOST '{text}' names no host")
                : new DockerEndpoint(text, null, host.Trim('[', ']'), port);
        }

        throw new FormatException($"DOCKER_HOST '{text}' is not supported: use unix:///path/to/docker.sock or tcp://127.0.0.1:2375");
    }

    /// <summary>Says what was tried, for a message to the user.</summary>
    public string Describe() => FromEnvironment
        ? $"{Text} (from DOCKER_HOST)"
        : $"{Text} (DOCKER_HOST is not set)";

    /// <inheritdoc />
    public override string ToString() => Text;
}
