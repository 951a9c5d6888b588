using System.Globalization;
using Harness.Benchmarks;
using Harness.Engine.Plugins;

// Usage: Harness.Benchmarks [all | exchange | bulk | cold | scenarios | connections | load] [--runs N] [--small]
//        Harness.Benchmarks echo-server   (used by the benchmarks themselves)
// benchmarks/run.sh builds what the process benchmarks start, then runs `all`.
// --small runs every benchmark on tiny sizes: a smoke test that the runner works, not a measurement.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "all";
if (command == "echo-server")
{
    return await RawEchoServer.RunAsync(stop.Token);
}

var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(5);
var small = args.Contains("--small");
var fileLimit = FileLimit.Raise();
var paths = new Paths(FindRoot());
var catalog = PluginCatalog.Load([paths.PluginsPlain]);
var rows = new List<Row>();
bool Wanted(string name) => command == "all" || command == name;
if (Wanted("exchange"))
{
    rows.Add(await ExchangeBenchmark.RunAsync(catalog, small ? 100 : 10_000, runs, stop.Token));
}

if (Wanted("bulk"))
{
    rows.Add(await BulkBenchmark.RunAsync(catalog, small ? 4L << 20 : 1L << 30, 1 << 20, runs, stop.Token));
}

if (Wanted("cold"))
{
    paths.Check();
    rows.AddRange(await ColdStartBenchmark.RunAsync(paths, runs, stop.Token));
}

if (Wanted("scenarios"))
{
    paths.Check();
    rows.Add(await ManyScenariosBenchmark.RunAsync(paths, small ? 10 : 1000, small ? 1 : Math.Max(1, runs / 3), stop.Token));
}

if (Wanted("connections"))
{
    rows.Add(await ManyConnectionsBenchmark.RunAsync(catalog, small ? 50 : 10_000, stop.Token));
}

if (Wanted("load"))
{
    rows.Add(await LoadBenchmark.RunAsync(catalog, small ? 2 : 16, TimeSpan.FromSeconds(small ? 0.5 : 3), runs, stop.Token));
}

Console.WriteLine();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; open-file limit {fileLimit}; medians of {runs} runs unless said");
Console.WriteLine($"{"benchmark",-40} {"ratio",8}  {"goal",-8} {"met",-4} detail");
foreach (var row in rows)
{
    Console.WriteLine($"{row.Benchmark,-40} {row.Ratio,8:0.00}  {row.Goal,-8} {(row.Met ? "yes" : "NO"),-4} {row.RatioMeaning}; {row.Detail}");
}

return rows.All(r => r.Met) ? 0 : 1;

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
