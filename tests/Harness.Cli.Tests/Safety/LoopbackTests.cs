using System.Globalization;
using System.Net;
using Harness.Cli.Tests.Support;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// Built-in peers listen on loopback unless a scenario says otherwise: every socket the harness holds while its
/// peers run (tcp, udp, tcp6, udp6), read from the kernel's tables, is bound to 127.0.0.1 or ::1; so is
/// <c>harness serve</c>'s.
/// </summary>
[Category("robustness")]
public sealed class LoopbackTests
{
    [Test]
    public async Task Built_in_peers_and_harness_serve_bind_to_loopback_by_default()
    {
        // Given a scenario with built-in peers over every transport, that waits while they listen
        using var folder = new TempFolder();
        folder.WriteSettings();
        var ipv6 = Socket_supports_ipv6();
        folder.Write("peers.yaml", $$"""
            name: built-in peers everywhere
            peers:
              tcp: { builtin: echo }
              udp: { builtin: udp-echo }
              web: { builtin: http }
              chat: { builtin: chat, transport: udp }
            {{(ipv6 ? "  tcp6: { builtin: echo, transport: tcp6 }\n  udp6: { builtin: udp-echo, transport: udp6 }" : string.Empty)}}
            steps:
              - sleep: 5s
            """);

        // When it runs, and while `harness serve` runs
        using var run = SafetyCli.Start(folder.Path, new Dictionary<string, string>(), ["run", "peers.yaml"]);
        using var serve = SafetyCli.Start(folder.Path, new Dictionary<string, string>(), ["serve", "echo"]);
        var runBound = await BoundAsync(run.Id, ipv6 ? 6 : 4);
        var serveBound = await BoundAsync(serve.Id, 1);
        foreach (var process in new[] { run, serve })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Then every address they bound is a loopback address
        runBound.Count.ShouldBeGreaterThanOrEqualTo(ipv6 ? 6 : 4, string.Join(", ", runBound));
        serveBound.Count.ShouldBeGreaterThanOrEqualTo(1);
        var all = runBound.Concat(serveBound).ToList();
        all.ShouldAllBe(bound => IPAddress.IsLoopback(bound.Address), string.Join(", ", all));
        RobustnessSummary.Append($"loopback: {all.Count} sockets of built-in peers and harness serve ({string.Join(", ", all.Select(b => b.Table).Distinct())}), on loopback: {all.Count(b => IPAddress.IsLoopback(b.Address))}");
    }

    /// <summary>The bound local addresses of the sockets <paramref name="pid"/> holds, once it holds at least <paramref name="atLeast"/>.</summary>
    private static async Task<List<Bound>> BoundAsync(int pid, int atLeast)
    {
        var found = new List<Bound>();
        for (var attempt = 0; attempt < 200 && found.Count < atLeast; attempt++)
        {
            await Task.Delay(100);
            var inodes = SocketInodes(pid);
            found = [.. Tables().Where(b => inodes.Contains(b.Inode) && b.Port != 0)];
        }

        return found;
    }

    private static IEnumerable<Bound> Tables()
    {
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines($"/proc/net/{table}");
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // TCP listeners (0A) and UDP sockets (07, unconnected): a client's connected socket is not a bind.
                if (fields.Length > 9 && fields[3] is "0A" or "07")
                {
                    var colon = fields[1].IndexOf(':', StringComparison.Ordinal);
                    yield return new Bound(table, Address(fields[1][..colon]), int.Parse(fields[1][(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), long.Parse(fields[9], CultureInfo.InvariantCulture));
                }
            }
        }
    }

    /// <summary>/proc/net writes addresses as 32-bit words in host (little-endian) order.</summary>
    private static IPAddress Address(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var i = 0; i < 4; i++)
            {
                bytes[(word * 4) + i] = byte.Parse(hex.AsSpan((word * 8) + ((3 - i) * 2), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return new IPAddress(bytes);
    }

    private static HashSet<long> SocketInodes(int pid)
    {
        var inodes = new HashSet<long>();
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(long.Parse(target[8..^1], CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a descriptor closed while it was read; the next attempt sees the rest
        }

        return inodes;
    }

    private static bool Socket_supports_ipv6() => System.Net.Sockets.Socket.OSSupportsIPv6 && File.Exists("/proc/net/tcp6");

    private sealed record Bound(string Table, IPAddress Address, int Port, long Inode)
    {
        public override string ToString() => $"{Table} {Address}:{Port}";
    }
}
