using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Running;
using Harness.Engine.Running.Load;

namespace Harness.Benchmarks;

/// <summary>
/// Load mode checked against a baseline: <c>harness load</c>'s engine with N clients, each connecting and
/// then doing 1,000 exchanges per iteration, against N raw Socket tasks doing the same for the same time.
/// </summary>
internal static class LoadBenchmark
{
    private const int PerConnection = 1000;

    public static async Task<Row> RunAsync(PluginCatalog catalog, int clients, TimeSpan duration, int runs, CancellationToken cancellationToken)
    {
        using var server = new EchoServerProcess();
        var yaml = $"""
            name: load
            steps:
              - connect: tcp://127.0.0.1:{server.Port}
              - repeat:
                  times: {PerConnection}
                  steps:
                    - send: "Hello, Server!"
                    - expect: {"{"} echo: true {"}"}
              - close
            """;
        var scenario = new ScenarioLoader(new LoadOptions()).Load(yaml, "load.yaml").Single();
        var runner = new LoadRunner(catalog, new RunSettings());
        var raws = new List<double>();
        var harnesses = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var raw = await RawAsync(server.Port, clients, duration, cancellationToken);
            var result = await runner.RunAsync(scenario, new LoadPlan(clients, duration, null), null, cancellationToken);
            if (result.FailedIterations > 0)
            {
                throw new InvalidOperationException($"the load scenario failed: {result.Failures[0].Message}");
            }

            // The first pair warms up.
            if (i > 0)
            {
                raws.Add(raw);
                harnesses.Add(result.PerSecond(result.Exchanges));
            }
        }

        raws.Sort();
        harnesses.Sort();
        var rawRate = raws[raws.Count / 2];
        var harnessRate = harnesses[harnesses.Count / 2];
        return new Row(
            $"load mode ({clients} clients, {duration.TotalSeconds:0} s)",
            $"raw {rawRate:N0} exchanges/s, harness load {harnessRate:N0} exchanges/s",
            harnessRate / rawRate,
            "harness load rate / raw rate",
            ">= 0.80",
            harnessRate / rawRate >= 0.8);
    }

    /// <summary>N connections, each: connect, 1,000 exchanges, close, again, until the time is up; exchanges per second.</summary>
    private static async Task<double> RawAsync(int port, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var message = Encoding.UTF8.GetBytes("Hello, Server!");
        long exchanges = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            var buffer = new byte[4096];
            while (clock.Elapsed < duration)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                for (var i = 0; i < PerConnection; i++)
                {
                    await socket.SendAsync(message, SocketFlags.None, cancellationToken);
                    var got = 0;
                    while (got < message.Length)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cancellationToken);
                        got += n > 0 ? n : throw new InvalidOperationException("the echo server closed early");
                    }

                    if (!buffer.AsSpan(0, message.Length).SequenceEqual(message))
                    {
                        throw new InvalidOperationException("the echo differs");
                    }

                    Interlocked.Increment(ref exchanges);
                }
            }
        }));
        return exchanges / clock.Elapsed.TotalSeconds;
    }
}
