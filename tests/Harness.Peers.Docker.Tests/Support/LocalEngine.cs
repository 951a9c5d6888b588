using Harness.Peers.Docker.Engine;
using NUnit.Framework;

namespace Harness.Peers.Docker.Tests.Support;

/// <summary>
/// The local engine for tests that need one. Without an engine such a test is ignored with the
/// reason, on a developer's machine; with HARNESS_REQUIRE_DOCKER=1 (CI) it fails instead, so that
/// a CI without an engine can never pass by skipping.
/// </summary>
internal static class LocalEngine
{
    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);

    public static DockerEndpoint Endpoint { get; } = DockerEndpoint.FromEnvironmentVariable();

    public static DockerEngineClient Client => ContainerPeerKind.ClientFor(Endpoint);

    public static bool Required => Environment.GetEnvironmentVariable("HARNESS_REQUIRE_DOCKER") == "1";

    public static async Task<DockerEngineClient> RequireAsync()
    {
        if (await Unavailable.Value.ConfigureAwait(false) is { } reason)
        {
            if (Required)
            {
                Assert.Fail($"HARNESS_REQUIRE_DOCKER=1 but there is no Docker engine: {reason}");
            }

            Assert.Ignore($"no Docker engine: {reason} (scripts/docker-engine.sh starts one)");
        }

        return Client;
    }

    public static async Task<int> CountContainersAsync(string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await Client.ListContainersAsync([$"{Labels.Run}={runId}"], timeout.Token).ConfigureAwait(false)).Count;
    }

    private static async Task<string?> ProbeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Client.NegotiateAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is DockerEngineUnavailableException or DockerEngineException or OperationCanceledException)
        {
            return e.Message;
        }
    }
}
