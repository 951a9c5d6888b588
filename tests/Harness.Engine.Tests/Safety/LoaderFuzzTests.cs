using System.Diagnostics;
using Harness.Engine.Configuration;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support;
using Harness.Engine.Tests.Support.Fuzz;

namespace Harness.Engine.Tests.Safety;

/// <summary>
/// A seeded mutation fuzzer over the scenario loader, in process through the loader `harness validate` uses
/// (its options made the way the CLI makes them: harness.yaml's variables, the plugins' peer kinds). Every
/// input must load or be refused with a <see cref="ScenarioException"/> at a place in the file; anything
/// else, or an input that takes longer than <see cref="PerInputLimit"/>, fails the test naming the seed and
/// the input, saved under the test's output folder for replaying.
/// </summary>
[Category("robustness")]
public sealed class LoaderFuzzTests
{
    private const int Inputs = 100_000;
    private const int Workers = 2;

    /// <summary>Hang catchers only: a load takes milliseconds, so these bounds say "stuck", not "slow".</summary>
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan OverallLimit = TimeSpan.FromMinutes(10);

    [Test]
    public void Given_a_hundred_thousand_mutated_scenarios_when_each_is_loaded_then_each_loads_or_is_refused_at_its_file_line_and_column()
    {
        // Given the corpus, a seed and a folder for the inputs that fail
        var seed = FuzzSeed.Choose("loader fuzz");
        var corpus = FuzzCorpus.Load(Repository.Root);
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "loader-fuzz");
        Directory.CreateDirectory(output);
        var mutator = new YamlMutator(corpus, seed);
        var options = CliLoadOptions();

        // When every input is loaded, a share on each worker, under the watchdog
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers)
            .Select(w => new LoaderFuzzWorker(w, mutator, new ScenarioLoader(options), Enumerable.Range(1, Inputs).Where(n => n % Workers == w), output))
            .ToList();
        workers.ForEach(w => w.Start());
        var hang = Watch(workers, clock, seed, output);
        clock.Stop();

        // Then none hung, and each loaded or was refused at its place
        hang.ShouldBeNull();
        var crash = workers.FirstOrDefault(w => w.Crash is not null);
        crash.ShouldBeNull($"a worker died of {crash?.Crash} (seed {seed}); its last input is in {crash?.InFlightPath}");
        var failures = workers.SelectMany(w => w.Failures).OrderBy(f => f.Input.Number).ToList();
        var slowest = workers.MaxBy(w => w.Slowest)!;
        var slowestSaved = LoaderFuzzWorker.Save(output, seed, slowest.SlowestInput!);
        RobustnessSummary.Append(
            $"loader fuzz: {Inputs:N0} inputs (seed {seed}) from {corpus.Count} corpus texts, loaded {workers.Sum(w => w.Loaded):N0}, " +
            $"refused with file:line:column {workers.Sum(w => w.Refused):N0}, other outcomes: {failures.Count:N0}, " +
            $"slowest {slowest.Slowest.TotalMilliseconds:0} ms (input {slowest.SlowestInput!.Number}), {clock.Elapsed.TotalSeconds:0} s");
        TestContext.Progress.WriteLine($"loader fuzz: the slowest input is saved to {slowestSaved}");
        failures.ForEach(f => TestContext.AddTestAttachment(f.SavedTo));
        corpus.Count.ShouldBeGreaterThan(100, "the malformed corpus, scenarios/ and the reference's examples");
        workers.Sum(w => w.Loaded).ShouldBeGreaterThan(0, "some mutations keep a scenario valid, so the run also reaches the loader past the YAML");
        failures.Select(Describe).ShouldBeEmpty($"replay the run with {FuzzSeed.Variable}={seed}, or one input with `harness validate FILE`");
        workers.ForEach(w => File.Delete(w.InFlightPath));
    }

    /// <summary>Waits for the workers; on a hang, saves the stuck input and says which it is.</summary>
    private static string? Watch(List<LoaderFuzzWorker> workers, Stopwatch clock, int seed, string output)
    {
        foreach (var worker in workers)
        {
            while (!worker.Join(TimeSpan.FromMilliseconds(50)))
            {
                var flights = workers.Select(w => w.InFlight()).Where(f => f is not null).Select(f => f!.Value).ToList();
                if (flights.FirstOrDefault(f => f.Elapsed > PerInputLimit) is { Input: { } stuck })
                {
                    var saved = LoaderFuzzWorker.Save(output, seed, stuck);
                    TestContext.AddTestAttachment(saved);
                    return $"seed {seed}, input {stuck.Number} ({Describe(stuck)}): still loading after {PerInputLimit.TotalSeconds:0} s; saved to {saved}";
                }

                if (clock.Elapsed > OverallLimit)
                {
                    var saved = flights.Select(f => LoaderFuzzWorker.Save(output, seed, f.Input)).ToList();
                    return $"seed {seed}: the run took longer than {OverallLimit.TotalMinutes:0} min; the inputs in flight are saved to {string.Join(", ", saved)}";
                }
            }
        }

        return null;
    }

    /// <summary>The options `harness validate` loads with in this repository: harness.yaml's variables and the plugins' peer kinds.</summary>
    private static LoadOptions CliLoadOptions()
    {
        var settings = SettingsLoader.Load(Path.Combine(Repository.Root, SettingsLoader.FileName), SettingsLoader.FileName);
        var catalog = PluginCatalog.Load(settings.PluginFolders);
        return new LoadOptions { Variables = settings.Run.Variables, PluginPeerKinds = catalog.PeerKindNames.ToList() };
    }

    private static string Describe(LoaderFuzzFailure failure) =>
        $"input {failure.Input.Number} ({Describe(failure.Input)}), saved to {failure.SavedTo}: {failure.Problem}";

    private static string Describe(FuzzInput input) => $"{input.Source.Name}, {string.Join(", ", input.Mutations)}";
}
