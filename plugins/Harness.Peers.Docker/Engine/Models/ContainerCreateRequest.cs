namespace Harness.Peers.Docker.Engine.Models;

/// <summary>The body of <c>POST /containers/create</c>, with only what the harness sets.</summary>
internal sealed record ContainerCreateRequest(
    string Image,
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string>? Env,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, EmptyObject> ExposedPorts,
    HostConfig HostConfig,
    NetworkingConfig? NetworkingConfig)
{
    /// <summary>Always false: without a TTY the engine keeps stdout and stderr apart (multiplexed logs).</summary>
    public bool Tty { get; init; }
}

/// <summary>How the container sits on the host.</summary>
internal sealed record HostConfig(IReadOnlyDictionary<string, IReadOnlyList<PortBinding>> PortBindings, string? NetworkMode);

/// <summary>One host address a container port is published on; an empty HostPort lets the engine choose.</summary>
internal sealed record PortBinding(string? HostIp, string? HostPort);

/// <summary>The networks a container joins at creation, by name.</summary>
internal sealed record NetworkingConfig(IReadOnlyDictionary<string, EndpointSettings> EndpointsConfig);

/// <summary>A container's membership of one network: the names other containers reach it by.</summary>
internal sealed record EndpointSettings(IReadOnlyList<string>? Aliases);

/// <summary>Serialises as <c>{}</c>, which is how the API spells "a set member" (ExposedPorts).</summary>
internal sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
