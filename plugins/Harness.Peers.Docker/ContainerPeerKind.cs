using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Harness.Abstractions;
using Harness.Peers.Docker.Engine;
using Harness.Peers.Docker.Engine.Models;
using Harness.Peers.Docker.Readiness;
using Harness.Peers.Docker.Settings;

namespace Harness.Peers.Docker;

/// <summary>
/// The <c>container</c> peer kind: runs an image (or builds a folder) on a Docker engine, publishes
/// its ports on loopback, waits until it is ready, and removes it afterwards.
/// </summary>
internal sealed class ContainerPeerKind : IPeerKind
{
    private const string HowToStart =
        "start one with `sudo systemctl start docker` (or `scripts/docker-engine.sh` in the Harness repository), or point DOCKER_HOST at a running engine";

    /// <summary>One client per endpoint for the whole process: each owns a connection pool.</summary>
    private static readonly ConcurrentDictionary<string, DockerEngineClient> Clients = new(StringComparer.Ordinal);

    private readonly DockerEndpoint? _endpoint;

    public ContainerPeerKind()
        : this(null)
    {
    }

    /// <summary>Uses <paramref name="endpoint"/> rather than reading DOCKER_HOST at each start.</summary>
    internal ContainerPeerKind(DockerEndpoint? endpoint) => _endpoint = endpoint;

    public string Name => "container";

    internal static DockerEngineClient ClientFor(DockerEndpoint endpoint) =>
        Clients.GetOrAdd(endpoint.Text, _ => new DockerEngineClient(endpoint));

    public async ValueTask<IRunningPeer> StartAsync(PeerStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = ContainerSettingsParser.Parse(request);
        var peer = request.PeerName;
        DockerEndpoint endpoint;
        try
        {
            endpoint = _endpoint ?? DockerEndpoint.FromEnvironmentVariable();
        }
        catch (FormatException e)
        {
            throw new PeerStartException($"container peer '{peer}': {e.Message}", e);
        }

        var client = ClientFor(endpoint);
        try
        {
            await client.NegotiateAsync(cancellationToken).ConfigureAwait(false);
            await StaleContainerSweeper.SweepOnceAsync(client, cancellationToken).ConfigureAwait(false);
            var image = await ResolveImageAsync(client, peer, settings, cancellationToken).ConfigureAwait(false);
            return await RunAsync(client, request, settings, image, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineUnavailableException e)
        {
            throw new PeerStartException($"container peer '{peer}' needs a Docker engine, and there is {e.Message}; {HowToStart}", e);
        }
        catch (DockerEngineException e)
        {
            throw new PeerStartException($"container peer '{peer}': {e.Message}", e);
        }
    }

    /// <summary>One tag per build folder, so that a rebuild reuses the engine's layer cache and replaces the old tag.</summary>
    internal static string BuildTag(string folder) =>
        $"harness-build-{Names.Sanitize(Path.GetFileName(folder)).ToLowerInvariant()}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..12]}";

    private static async Task<string> ResolveImageAsync(DockerEngineClient client, string peer, ContainerPeerSettings settings, CancellationToken cancellationToken)
    {
        if (settings.BuildFolder is { } folder)
        {
            var tag = BuildTag(folder);
            await client.BuildImageAsync(folder, tag, cancellationToken).ConfigureAwait(false);
            return tag;
        }

        var image = settings.Image!;
        if (await client.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is not null)
        {
            return image;
        }

        try
        {
            await client.PullImageAsync(image, cancellationToken).ConfigureAwait(false);
            return image;
        }
        catch (DockerEngineException e)
        {
            throw new PeerStartException(
                $"container peer '{peer}': image '{image}' is not on the engine at {client.Endpoint} and could not be pulled ({e.Message}); "
                + "the test images are built offline by scripts/build-test-images.sh",
                e);
        }
    }

    private static async Task<IRunningPeer> RunAsync(
        DockerEngineClient client,
        PeerStartRequest request,
        ContainerPeerSettings settings,
        string image,
        CancellationToken cancellationToken)
    {
        var peer = request.PeerName;
        string? network = null;
        IPAddress? ownAddress = null;
        string? containerId = null;
        var started = false;

        async Task ReleaseAsync(CancellationToken token)
        {
            if (ownAddress is not null)
            {
                OwnAddressAllocator.Release(ownAddress);
            }

            if (settings.Network is not null && network is not null)
            {
                await NetworkRegistry.ReleaseAsync(client, request.RunId, settings.Network, token).ConfigureAwait(false);
            }
        }

        try
        {
            if (settings.Network is not null)
            {
                network = await NetworkRegistry.AcquireAsync(client, request.RunId, settings.Network, cancellationToken).ConfigureAwait(false);
            }

            if (settings.Publish == PublishMode.OwnAddress)
            {
                try
                {
                    ownAddress = OwnAddressAllocator.Acquire(settings.Ports);
                }
                catch (InvalidOperationException e)
                {
                    throw new PeerStartException($"container peer '{peer}': {e.Message}", e);
                }
            }

            var host = ownAddress ?? IPAddress.Loopback;
            var create = CreateRequest(request, settings, image, host, ownAddress is not null, network);
            var name = Names.Container(request.RunId, peer);
            containerId = await client.CreateContainerAsync(name, create, cancellationToken).ConfigureAwait(false);
            ContainerJanitor.TrackContainer(client, containerId);
            await client.StartContainerAsync(containerId, cancellationToken).ConfigureAwait(false);

            var inspect = await client.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
            var published = PublishedPorts(peer, settings, inspect);
            var checks = Checks(client, containerId, settings, host, published);
            var notReady = await ReadinessWaiter.WaitAsync(client, containerId, checks, settings.Wait.Timeout, cancellationToken).ConfigureAwait(false);
            if (notReady is not null)
            {
                var logs = await LogsQuietlyAsync(client, containerId).ConfigureAwait(false);
                throw new PeerStartException(
                    $"container peer '{peer}' ({image}) {notReady}{(logs.Length == 0 ? "; it printed nothing" : "; its logs follow")}",
                    logs);
            }

            var variables = Variables(peer, settings, host, published, containerId, name, network);
            started = true;
            return new RunningContainerPeer(client, containerId, variables, ReleaseAsync);
        }
        finally
        {
            // Whatever failed (settings, engine, readiness, cancellation), nothing is left behind.
            if (!started)
            {
                await CleanUpFailedStartAsync(client, containerId, ReleaseAsync).ConfigureAwait(false);
            }
        }
    }

    private static async Task CleanUpFailedStartAsync(DockerEngineClient client, string? containerId, Func<CancellationToken, Task> releaseAsync)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            if (containerId is not null)
            {
                await client.RemoveContainerAsync(containerId, budget.Token).ConfigureAwait(false);
                ContainerJanitor.ForgetContainer(containerId);
            }

            await releaseAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineException or DockerEngineUnavailableException or OperationCanceledException)
        {
            // The start already failed; the janitor or the next sweep removes what is left.
        }
    }

    private static async Task<string> LogsQuietlyAsync(DockerEngineClient client, string containerId)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await client.GetLogsAsync(containerId, budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineException or DockerEngineUnavailableException or OperationCanceledException)
        {
            return $"(the logs could not be read: {e.Message})";
        }
    }

    private static ContainerCreateRequest CreateRequest(
        PeerStartRequest request,
        ContainerPeerSettings settings,
        string image,
        IPAddress host,
        bool ownPorts,
        string? network)
    {
        // Loopback only, always: a peer must never be reachable from other machines.
        var bindings = settings.Ports.ToDictionary(
            p => p.EngineKey,
            p => (IReadOnlyList<PortBinding>)[new PortBinding(host.ToString(), ownPorts ? p.Number.ToString(CultureInfo.InvariantCulture) : string.Empty)]);
        return new ContainerCreateRequest(
            image,
            settings.Command,
            settings.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels.For(request.RunId, peer: request.PeerName, network: settings.Network),
            settings.Ports.ToDictionary(p => p.EngineKey, _ => EmptyObject.Instance),
            new HostConfig(bindings, network),
            network is null ? null : new NetworkingConfig(new Dictionary<string, EndpointSettings>
            {
                // Other peers on the network reach this one by its scenario name.
                [network] = new([request.PeerName]),
            }));
    }

    private static Dictionary<ContainerPort, int> PublishedPorts(string peer, ContainerPeerSettings settings, ContainerInspectResponse inspect)
    {
        var published = new Dictionary<ContainerPort, int>();
        foreach (var port in settings.Ports)
        {
            var binding = inspect.NetworkSettings?.Ports is { } ports && ports.TryGetValue(port.EngineKey, out var list) && list is [var first, ..] ? first : null;
            if (binding?.HostPort is null || !int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
            {
                throw new PeerStartException($"container peer '{peer}': the engine did not publish port {port.EngineKey}");
            }

            published[port] = hostPort;
        }

        return published;
    }

    private static List<IReadinessCheck> Checks(
        DockerEngineClient client,
        string containerId,
        ContainerPeerSettings settings,
        IPAddress host,
        Dictionary<ContainerPort, int> published)
    {
        var wait = settings.Wait;
        var checks = new List<IReadinessCheck>();
        if (wait.Log is { } pattern)
        {
            checks.Add(new LogCheck(pattern, token => client.GetLogsAsync(containerId, token)));
        }

        if (wait.Port is { } port)
        {
            var endpoint = new IPEndPoint(host, published[port]);
            checks.Add(port.IsUdp
                ? new UdpPortCheck(endpoint, port.Key, wait.Send!)
                : new TcpPortCheck(endpoint, port.Key, wait.Send));
        }

        if (wait.HttpPath is { } path)
        {
            var httpPort = wait.Port is { IsUdp: false } p ? p : settings.Ports.First(p => !p.IsUdp);
            checks.Add(new HttpCheck(new IPEndPoint(host, published[httpPort]), path));
        }

        return checks;
    }

    private static Dictionary<string, string> Variables(
        string peer,
        ContainerPeerSettings settings,
        IPAddress host,
        Dictionary<ContainerPort, int> published,
        string containerId,
        string containerName,
        string? network)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host.ToString(),
            ["name"] = peer,
            ["container"] = containerId,
            ["container.name"] = containerName,
        };
        if (network is not null)
        {
            variables["network"] = network;
        }

        foreach (var (port, hostPort) in published)
        {
            var text = hostPort.ToString(CultureInfo.InvariantCulture);
            variables[$"ports.{port.Key}"] = text;
            variables[$"ports.{port.EngineKey}"] = text;
        }

        if (settings.Ports.Count > 0)
        {
            var first = published[settings.Ports[0]].ToString(CultureInfo.InvariantCulture);
            variables["port"] = first;
            variables["endpoint"] = $"{host}:{first}";
        }

        return variables;
    }
}
