using Harness.Peers.Docker.Engine;
using Harness.Peers.Docker.Engine.Models;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

[Category("docker")]
public sealed class DockerEngineClientTests
{
    [Test]
    public async Task TheClientAgreesOnTheOlderOfItsOwnAndTheEnginesApiVersion()
    {
        var client = await LocalEngine.RequireAsync();

        var advertised = await client.PingAsync(Some.Timeout());
        var version = await client.GetVersionAsync(Some.Timeout());
        var agreed = await client.NegotiateAsync(Some.Timeout());

        ApiVersion.TryParse(version.ApiVersion, out var engineMax).ShouldBeTrue();
        advertised.ShouldBe(engineMax);
        agreed.ShouldBe(ApiVersion.Min(engineMax, ApiVersion.ClientMaximum));
    }

    [Test]
    public async Task AContainerIsCreatedStartedListedByLabelAndRemoved()
    {
        var client = await LocalEngine.RequireAsync();
        var runId = Some.RunId();
        var request = new ContainerCreateRequest(
            Some.Busybox,
            ["sh", "-c", "echo hello from busybox; sleep 30"],
            [],
            Labels.For(runId, peer: "direct"),
            new Dictionary<string, EmptyObject>(),
            new HostConfig(new Dictionary<string, IReadOnlyList<PortBinding>>(), null),
            null);

        var id = await client.CreateContainerAsync(Names.Container(runId, "direct"), request, Some.Timeout());
        try
        {
            await client.StartContainerAsync(id, Some.Timeout());

            (await client.InspectContainerAsync(id, Some.Timeout())).State!.Running.ShouldBeTrue();
            (await client.ListContainersAsync([$"{Labels.Run}={runId}"], Some.Timeout())).Single().Id.ShouldBe(id);
            await WaitForAsync(async () => (await client.GetLogsAsync(id, Some.Timeout())).Contains("hello from busybox", StringComparison.Ordinal));
        }
        finally
        {
            await client.RemoveContainerAsync(id, Some.Timeout());
        }

        (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
    }

    [Test]
    public async Task AnEngineErrorCarriesTheEnginesMessage()
    {
        var client = await LocalEngine.RequireAsync();

        var error = await Should.ThrowAsync<DockerEngineException>(() => client.InspectContainerAsync("no-such-container-" + Guid.NewGuid().ToString("N"), Some.Timeout()));

        error.Message.ShouldContain("No such container");
    }

    [Test]
    public async Task AnImageTheEngineDoesNotHaveInspectsAsNull()
    {
        var client = await LocalEngine.RequireAsync();

        (await client.InspectImageAsync("harness-no-such-image:never", Some.Timeout())).ShouldBeNull();
        (await client.InspectImageAsync(Some.Busybox, Some.Timeout())).ShouldNotBeNull();
    }

    [Test]
    public async Task ANetworkIsCreatedListedByLabelAndRemoved()
    {
        var client = await LocalEngine.RequireAsync();
        var runId = Some.RunId();

        var id = await client.CreateNetworkAsync($"harness-{runId}-n", Labels.For(runId, network: "n"), Some.Timeout());
        (await client.ListNetworksAsync([$"{Labels.Run}={runId}"], Some.Timeout())).Single().Id.ShouldBe(id);
        await client.RemoveNetworkAsync(id, Some.Timeout());

        (await client.ListNetworksAsync([$"{Labels.Run}={runId}"], Some.Timeout())).ShouldBeEmpty();
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the condition did not hold within {seconds} s");
            }

            await Task.Delay(100);
        }
    }
}
