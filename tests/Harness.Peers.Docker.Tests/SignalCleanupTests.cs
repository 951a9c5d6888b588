using System.Diagnostics;
using Harness.Peers.Docker.Tests.Support;
using NUnit.Framework;
using Shouldly;

namespace Harness.Peers.Docker.Tests;

[Category("docker")]
public sealed class SignalCleanupTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task AnInterruptedProcessRemovesItsContainersBeforeItEnds(string signal)
    {
        // Given a process (this assembly in probe mode) with a running container peer
        await LocalEngine.RequireAsync();
        var runId = Some.RunId();
        var assembly = typeof(SignalCleanupTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { assembly, "signal-probe", runId })
        {
            start.ArgumentList.Add(argument);
        }

        using var probe = Process.Start(start)!;
        try
        {
            var line = await probe.StandardOutput.ReadLineAsync(Some.Timeout());
            if (line is null)
            {
                Assert.Fail($"the probe ended before it started a peer: {await probe.StandardError.ReadToEndAsync()}");
            }

            line.ShouldStartWith("started ");
            (await LocalEngine.CountContainersAsync(runId)).ShouldBe(1);

            // When it receives the signal
            using (var kill = Process.Start("kill", [$"-{signal}", probe.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await probe.WaitForExitAsync(Some.Timeout(20));

            // Then no container with its run label is left
            (await LocalEngine.CountContainersAsync(runId)).ShouldBe(0);
        }
        finally
        {
            if (!probe.HasExited)
            {
                probe.Kill();
            }
        }
    }
}
