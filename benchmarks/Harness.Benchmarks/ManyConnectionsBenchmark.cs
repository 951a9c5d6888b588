using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Running;

namespace Harness.Benchmarks;

/// <summary>
/// Many connections: one scenario with <c>clients: N</c>, each client connecting to one echo server
/// (another process), holding its connection while the others connect, then doing one exchange;
/// against N raw Socket tasks doing the same. Reports the server's peak of concurrent connections and
/// memory per connection (peak working set above the idle one, divided by N) for both.
/// </summary>
internal static class ManyConnectionsBenchmark
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    public static async Task<Row> RunAsync(PluginCatalog catalog, int clients, CancellationToken cancellationToken)
    {
        var runner = new ScenarioRunner(catalog, new RunSettings());

        var (rawPeak, rawBytes, rawTime) = await WithServerAsync(port => RawAsync(port, clients, cancellationToken));
        var (harnessPeak, harnessBytes, harnessTime) = await WithServerAsync(async port =>
        {
            var yaml = $"""
                name: {clients} clients
                clients: {clients}
                timeout: 2m
                steps:
                  - connect: {"{"} to: "tcp://127.0.0.1:{port}", timeout: 60s {"}"}
                  - sleep: {(int)Hold.TotalMilliseconds}ms
                  - send: "Hello, Server!"
                  - expect: {"{"} echo: true, timeout: 60s {"}"}
                  - close
                """;
            var scenario = new ScenarioLoader(new LoadOptions()).Load(yaml, "clients.yaml").Single();
            var result = await runner.RunAsync(scenario, cancellationToken);
            if (result.Outcome != Outcome.Passed)
            {
                throw new InvalidOperationException($"the {clients}-client scenario did not pass: {result.Failure?.Message}");
            }
        });

        var harnessPer = harnessBytes / clients / 1024.0;
        var rawPer = rawBytes / clients / 1024.0;
        return new Row(
            $"many connections ({clients:N0} clients)",
            $"passed; peak {harnessPeak:N0} concurrent (raw {rawPeak:N0}); {harnessPer:0.0} KiB/connection (raw {rawPer:0.0}); {harnessTime.TotalSeconds:0.0} s (raw {rawTime.TotalSeconds:0.0} s, {Hold.TotalSeconds:0} s of it held)",
            harnessPer / rawPer,
            "harness memory per connection / raw",
            "passes",
            harnessPeak >= clients * 0.9);
    }

    /// <summary>Runs <paramref name="clients"/> against a fresh echo server, sampling the peak working set.</summary>
    private static async Task<(int Peak, double Bytes, TimeSpan Time)> WithServerAsync(Func<int, Task> clients)
    {
        using var server = new EchoServerProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var idle = self.WorkingSet64;
        var peak = idle;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var clock = Stopwatch.StartNew();
        await clients(server.Port);
        var time = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        server.Dispose();
        return (server.PeakConnections, peak - idle, time);
    }

    private static async Task RawAsync(int port, int clients, CancellationToken cancellationToken)
    {
        var message = Encoding.UTF8.GetBytes("Hello, Server!");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            await Task.Delay(Hold, cancellationToken);
            await socket.SendAsync(message, SocketFlags.None, cancellationToken);
            var buffer = new byte[4096];
            var got = 0;
            while (got < message.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cancellationToken);
                got += n > 0 ? n : throw new InvalidOperationException("the echo server closed early");
            }
        }));
    }
}
