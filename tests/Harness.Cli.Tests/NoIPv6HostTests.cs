using System.Diagnostics;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests;

/// <summary>
/// The real CLI on a host without IPv6: a fresh network namespace (unshare -n) with IPv6 disabled by sysctl
/// and only 127.0.0.1 on its loopback. Needs root; elsewhere the test is reported as ignored, not passed.
/// </summary>
public sealed class NoIPv6HostTests
{
    [Test]
    public async Task Ipv6_scenarios_exit_3_saying_ipv6_is_not_available_while_ipv4_ones_pass()
    {
        using var folder = new TempFolder();
        folder.WriteSettings();
        folder.Write("mixed.yaml", """
            name: ipv4 still works
            peers:
              server: { builtin: udp-echo }
            steps:
              - connect: udp://${peers.server.endpoint}
              - send: "x"
              - expect: "x"
            ---
            name: ipv6 peer
            peers:
              server: { builtin: echo, transport: tcp6 }
            steps:
              - connect: tcp6://${peers.server.endpoint}
            ---
            name: ipv6 address
            steps:
              - connect: udp6://[::1]:7
            """);
        var setup = "ip link set lo up && sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1";
        if (await ShellAsync(folder.Path, $"unshare -n sh -c '{setup}'") is not (0, _))
        {
            Assert.Ignore("needs `unshare -n` and sysctl (root) to make a network namespace without IPv6");
        }

        var (exitCode, output) = await ShellAsync(folder.Path, $"unshare -n sh -c '{setup} && NO_COLOR=1 exec dotnet {HarnessProcess.HarnessDll} run mixed.yaml'");

        exitCode.ShouldBe(3, output);
        output.ShouldContain("PASS  ipv4 still works");
        output.ShouldContain("peer 'server' could not start: listen on tcp6://[::1]:0: IPv6 is not available on this host");
        output.ShouldContain("could not connect to udp6://[::1]:7: connect to udp6://[::1]:7: IPv6 is not available on this host");
    }

    private static async Task<(int ExitCode, string Output)> ShellAsync(string workingDirectory, string command)
    {
        var info = new ProcessStartInfo("sh") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
