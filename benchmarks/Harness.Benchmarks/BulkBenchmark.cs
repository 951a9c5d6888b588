using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Running;

namespace Harness.Benchmarks;

/// <summary>
/// Bulk: <c>total</c> bytes through the echo server in chunks, each sent whole and then read back whole
/// (send/expect echo in a repeat), against a raw Socket client doing exactly the same. The echo server's
/// socket buffers are larger than a chunk, so sending a whole chunk before reading cannot deadlock.
/// </summary>
internal static class BulkBenchmark
{
    public const string Pattern = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static async Task<Row> RunAsync(PluginCatalog catalog, long total, int chunk, int runs, CancellationToken cancellationToken)
    {
        using var server = new EchoServerProcess();
        var times = checked((int)(total / chunk));
        var yaml = $"""
            name: bulk
            steps:
              - connect: tcp://127.0.0.1:{server.Port}
              - repeat:
                  times: {times}
                  steps:
                    - send: {"{"} pattern: "{Pattern}", size: {chunk} {"}"}
                    - expect: {"{"} echo: true {"}"}
            """;
        var scenario = new ScenarioLoader(new LoadOptions()).Load(yaml, "bulk.yaml").Single();
        var runner = new ScenarioRunner(catalog, new RunSettings { StepTimeout = TimeSpan.FromSeconds(30), ScenarioTimeout = TimeSpan.FromMinutes(10) });
        var bytes = PatternBytes(chunk);
        var (raw, harness) = await Measure.PairAsync(
            runs,
            () => RawBulkAsync(server.Port, bytes, times, cancellationToken),
            async () =>
            {
                var result = await runner.RunAsync(scenario, cancellationToken);
                if (result.Outcome != Outcome.Passed)
                {
                    throw new InvalidOperationException($"the bulk scenario did not pass: {result.Failure?.Message}");
                }
            });
        var moved = (double)times * chunk * 2 / (1024 * 1024);
        var ratio = raw / harness;
        return new Row(
            $"bulk ({times * (long)chunk / (1024 * 1024):N0} MiB in {chunk / 1024} KiB chunks)",
            string.Create(CultureInfo.InvariantCulture, $"raw {moved / raw.TotalSeconds:N0} MiB/s, harness {moved / harness.TotalSeconds:N0} MiB/s (both directions)"),
            ratio,
            "harness throughput / raw",
            ">= 0.80",
            ratio >= 0.8);
    }

    internal static byte[] PatternBytes(int size)
    {
        var unit = Encoding.UTF8.GetBytes(Pattern);
        var bytes = new byte[size];
        for (var at = 0; at < size; at += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, size - at)).CopyTo(bytes.AsSpan(at));
        }

        return bytes;
    }

    /// <summary>What the scenario does, on a bare socket: send a chunk, read it back, compare, again.</summary>
    private static async Task RawBulkAsync(int port, byte[] chunk, int times, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        var buffer = new byte[chunk.Length + 4096];
        for (var i = 0; i < times; i++)
        {
            var sent = 0;
            while (sent < chunk.Length)
            {
                sent += await socket.SendAsync(chunk.AsMemory(sent), SocketFlags.None, cancellationToken);
            }

            var got = 0;
            while (got < chunk.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cancellationToken);
                if (n == 0)
                {
                    throw new InvalidOperationException("the echo server closed early");
                }

                got += n;
            }

            if (!buffer.AsSpan(0, chunk.Length).SequenceEqual(chunk))
            {
                throw new InvalidOperationException("the echo differs");
            }
        }
    }
}
