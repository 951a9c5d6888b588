using System.Globalization;
using Harness.Benchmarks;
using Harness.Engine.Plugins;

// Usage: Harness.Benchmarks [all | exchange] [--runs N]
//        Harness.Benchmarks echo-server   (used by the benchmarks themselves)
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var command = args.Length > 0 ? args[0] : "all";
if (command == "echo-server")
{
    return await RawEchoServer.RunAsync(stop.Token);
}

var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(5);
var root = FindRoot();
var catalog = PluginCatalog.Load([Path.Combine(root, "artifacts", "plugins")]);
var rows = new List<Row>();
if (command is "all" or "exchange")
{
    rows.Add(await ExchangeBenchmark.RunAsync(catalog, 10_000, runs, stop.Token));
}

if (command is "all" or "bulk")
{
    rows.Add(await BulkBenchmark.RunAsync(catalog, 1L << 30, 1 << 20, runs, stop.Token));
}

Console.WriteLine();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; medians of {runs} runs");
Console.WriteLine($"{"benchmark",-40} {"ratio",8}  {"goal",-8} {"met",-4} detail");
foreach (var row in rows)
{
    Console.WriteLine($"{row.Benchmark,-40} {row.Ratio,8:0.00}  {row.Goal,-8} {(row.Met ? "yes" : "NO"),-4} {row.RatioMeaning}; {row.Detail}");
}

return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run the benchmarks from inside the repository");
}
