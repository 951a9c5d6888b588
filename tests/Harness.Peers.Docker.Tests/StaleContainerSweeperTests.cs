using System.Diagnostics;
using Harness.Peers.Docker.Engine.Models;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

[Category("docker")]
public sealed class StaleContainerSweeperTests
{
    [Test]
    public async Task AContainerLeftByADeadProcessIsSweptAndOneOfALiveProcessIsKept()
    {
        // Given a container labelled with the pid of a process that has exited, and one of this process
        var client = await LocalEngine.RequireAsync();
        var runId = Some.RunId();
        var deadPid = await DeadPidAsync();
        var stale = await CreateSleeperAsync(client, runId, "stale", deadPid);
        var live = await CreateSleeperAsync(client, runId, "live", Environment.ProcessId);
        var network = await client.CreateNetworkAsync($"harness-{runId}-stale", Labels.For(runId, network: "stale", pid: deadPid), Some.Timeout());
        try
        {
            // When the sweeper runs
            var (containers, networks) = await StaleContainerSweeper.SweepAsync(client, Some.Timeout());

            // Then only what the dead process left is gone
            containers.ShouldBeGreaterThanOrEqualTo(1);
            networks.ShouldBeGreaterThanOrEqualTo(1);
            var left = await client.ListContainersAsync([$"{Labels.Run}={runId}"], Some.Timeout());
            left.Select(c => c.Id).ShouldBe([live]);
            (await client.ListNetworksAsync([$"{Labels.Run}={runId}"], Some.Timeout())).ShouldBeEmpty();
        }
        finally
        {
            await client.RemoveContainerAsync(stale, Some.Timeout());
            await client.RemoveContainerAsync(live, Some.Timeout());
            await client.RemoveNetworkAsync(network, Some.Timeout());
        }
    }

    [Test]
    public void APidReusedByAProcessStartedAfterTheLabelIsStale()
    {
        // The label says "started at the epoch": any living process with that pid came later.
        var labels = Labels.For("r", pid: 1);
        labels[Labels.Started] = "0";

        Labels.IsStale(labels).ShouldBeTrue();
    }

    [Test]
    public void ALabelOfAnotherHostIsNeverStaleHere()
    {
        var labels = Labels.For("r", pid: int.MaxValue - 1);
        labels[Labels.Host] = "some-other-machine";

        Labels.IsStale(labels).ShouldBeFalse();
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static async Task<string> CreateSleeperAsync(Engine.DockerEngineClient client, string runId, string peer, int pid)
    {
        var id = await client.CreateContainerAsync(
            Names.Container(runId, peer),
            new ContainerCreateRequest(
                Some.Busybox,
                ["sleep", "60"],
                null,
                Labels.For(runId, peer: peer, pid: pid),
                new Dictionary<string, EmptyObject>(),
                new HostConfig(new Dictionary<string, IReadOnlyList<PortBinding>>(), null),
                null),
            Some.Timeout());
        await client.StartContainerAsync(id, Some.Timeout());
        return id;
    }
}
