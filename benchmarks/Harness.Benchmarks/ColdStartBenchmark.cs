namespace Harness.Benchmarks;

/// <summary>
/// Cold start: <c>harness run echo.yaml</c> as a whole process (runtime start, settings, plugins, YAML,
/// built-in echo peer, one exchange, report) against <c>dotnet RawEchoClient.dll</c>, which starts an
/// echo listener in process and does the same exchange on bare sockets. Both are ReadyToRun publishes;
/// a second row measures the plain Release build (what the packed dotnet tool runs) against the same baseline.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Paths paths, int runs, CancellationToken cancellationToken)
    {
        var r2r = Paths.Scratch(paths.PluginsR2R);
        var plain = Paths.Scratch(paths.PluginsPlain);
        try
        {
            var scenario = Path.Combine(paths.Root, "scenarios", "echo.yaml");
            string[] raw = ["dotnet", paths.RawEchoClient];
            string[] harnessR2R = ["dotnet", paths.HarnessR2R, "run", scenario];
            string[] harnessPlain = ["dotnet", paths.HarnessPlain, "run", scenario];
            var raws = new List<TimeSpan>();
            var r2rs = new List<TimeSpan>();
            var plains = new List<TimeSpan>();

            // One of each first, unmeasured: the files are in the page cache for every measured run.
            await Processes.TimeAsync(r2r, raw, cancellationToken);
            await Processes.TimeAsync(r2r, harnessR2R, cancellationToken);
            await Processes.TimeAsync(plain, harnessPlain, cancellationToken);
            for (var i = 0; i < runs * 2; i++)
            {
                raws.Add(await Processes.TimeAsync(r2r, raw, cancellationToken));
                r2rs.Add(await Processes.TimeAsync(r2r, harnessR2R, cancellationToken));
                plains.Add(await Processes.TimeAsync(plain, harnessPlain, cancellationToken));
            }

            var rawMedian = Measure.Median(raws);
            var r2rMedian = Measure.Median(r2rs);
            var plainMedian = Measure.Median(plains);
            return
            [
                new Row("cold start (ReadyToRun publish)", $"raw {rawMedian.TotalMilliseconds:0} ms, harness {r2rMedian.TotalMilliseconds:0} ms (HARNESS_TRACE_STARTUP=1 shows the phases)",
                    r2rMedian / rawMedian, "harness time / raw time", "<= 1.50", r2rMedian / rawMedian <= 1.5),
                new Row("cold start (plain build, as the tool)", $"raw {rawMedian.TotalMilliseconds:0} ms, harness {plainMedian.TotalMilliseconds:0} ms",
                    plainMedian / rawMedian, "harness time / raw time", "<= 1.50", plainMedian / rawMedian <= 1.5),
            ];
        }
        finally
        {
            Directory.Delete(r2r, recursive: true);
            Directory.Delete(plain, recursive: true);
        }
    }
}
