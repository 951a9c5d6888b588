using System.Diagnostics;

namespace Harness.Benchmarks;

/// <summary>
/// Many scenarios: one <c>harness run suite/</c> over 1,000 scenario files (the default --parallel, one
/// per core), against 1,000 separate raw-client processes, as many at a time as there are cores.
/// </summary>
internal static class ManyScenariosBenchmark
{
    public static async Task<Row> RunAsync(Paths paths, int files, int runs, CancellationToken cancellationToken)
    {
        var scratch = Paths.Scratch(paths.PluginsR2R);
        try
        {
            var suite = Directory.CreateDirectory(Path.Combine(scratch, "suite")).FullName;
            var echo = await File.ReadAllTextAsync(Path.Combine(paths.Root, "scenarios", "echo.yaml"), cancellationToken);
            for (var i = 0; i < files; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(suite, $"echo{i:0000}.yaml"), echo.Replace("name: TCP echo", $"name: TCP echo {i}", StringComparison.Ordinal), cancellationToken);
            }

            string[] harness = ["dotnet", paths.HarnessR2R, "run", suite];
            string[] raw = ["dotnet", paths.RawEchoClient];
            var (rawTime, harnessTime) = await Measure.PairAsync(
                runs,
                () => Parallel.ForEachAsync(Enumerable.Range(0, files), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    async (_, token) => await Processes.TimeAsync(scratch, raw, token)),
                () => Processes.TimeAsync(scratch, harness, cancellationToken),
                warmUp: false);
            return new Row(
                $"many scenarios ({files:N0} files, one run)",
                $"harness {files / harnessTime.TotalSeconds:N0} scenarios/s; raw {files / rawTime.TotalSeconds:N0} processes/s ({Environment.ProcessorCount} at a time)",
                harnessTime / rawTime,
                "harness time / raw processes' time",
                "<= 1.00",
                harnessTime <= rawTime);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
