using System.Diagnostics;
using Harness.Abstractions;
using Harness.Peers.Docker.Engine;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

[NonParallelizable]
public sealed class NoEngineTests
{
    [Test]
    public async Task WithoutAnEngineAStartFailsAtOnceSayingWhatWasTriedAndHowToStartOne()
    {
        // Given DOCKER_HOST pointing at a socket that does not exist
        var socket = $"/tmp/harness-no-engine-{Guid.NewGuid():N}.sock";
        var before = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{socket}");
        try
        {
            var watch = Stopwatch.StartNew();

            // When a container peer starts
            var error = await Should.ThrowAsync<PeerStartException>(async () => await new ContainerPeerKind().StartAsync(Some.Request(("image", Some.Web)), Some.Timeout()));

            // Then it fails within the connect timeout, naming the endpoint and the way out
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
            error.Message.ShouldContain($"no Docker engine at unix://{socket} (from DOCKER_HOST)");
            error.Message.ShouldContain("start one with");
            error.InnerException.ShouldBeOfType<DockerEngineUnavailableException>();
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", before);
        }
    }

    [Test]
    public async Task ATcpEndpointWhereNothingListensIsReportedAsNoEngine()
    {
        var watch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PeerStartException>(async () =>
            await new ContainerPeerKind(DockerEndpoint.Parse("tcp://127.0.0.1:1")).StartAsync(Some.Request(("image", Some.Web)), Some.Timeout()));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        error.Message.ShouldContain("no Docker engine at tcp://127.0.0.1:1");
    }

    [Test]
    public async Task BadSettingsAreReportedBeforeTheEngineIsAsked()
    {
        var error = await Should.ThrowAsync<PeerStartException>(async () =>
            await new ContainerPeerKind(DockerEndpoint.Parse("unix:///nonexistent.sock")).StartAsync(Some.Request(("image", "x"), ("imagee", "y")), Some.Timeout()));

        error.Message.ShouldContain("unknown setting 'imagee'");
    }
}
