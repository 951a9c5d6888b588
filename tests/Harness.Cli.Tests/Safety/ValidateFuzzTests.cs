using System.Diagnostics;
using System.Text;
using Harness.Cli.Tests.Support;
using Harness.Engine.Configuration;
using Harness.Engine.Loading;
using Harness.Engine.Plugins;
using Harness.Engine.Tests.Support.Fuzz;

namespace Harness.Cli.Tests.Safety;

/// <summary>
/// A sample of the loader fuzzer's inputs through the real `harness validate` process: whatever a file holds,
/// the command exits 0 or 2, prints no stack trace, and names every invalid file at file:line:column (the
/// invalid files being those the engine's loader refuses in process, with the same options).
/// </summary>
[Category("robustness")]
public sealed class ValidateFuzzTests
{
    private const int Files = 300;
    private const int Invocations = 5;

    [Test]
    public async Task Given_three_hundred_mutated_scenario_files_when_validated_by_the_cli_then_it_exits_0_or_2_names_each_invalid_file_at_its_place_and_prints_no_stack_trace()
    {
        // Given the fuzzer's first inputs of a seed, as files in a few folders beside a harness.yaml
        var seed = FuzzSeed.Choose("validate fuzz through the CLI");
        using var folder = new TempFolder();
        var settings = folder.WriteSettings();
        var mutator = new YamlMutator(FuzzCorpus.Load(HarnessProcess.Root), seed);
        var inputs = Enumerable.Range(1, Files).Select(mutator.Make).ToList();
        foreach (var input in inputs)
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, Batch(input.Number)));
            File.WriteAllText(Path.Combine(folder.Path, Batch(input.Number), $"input-{input.Number}.yaml"), input.Text, new UTF8Encoding(false));
        }

        var loader = new ScenarioLoader(CliLoadOptions(settings));
        var problems = new List<string>();
        var refused = 0;
        var multiLine = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, Invocations).Select(Batch))
        {
            // When the CLI validates one folder of them
            var result = await HarnessProcess.RunAsync(folder.Path, "validate", batch);
            var files = inputs.Where(i => Batch(i.Number) == batch).Select(i => $"{batch}/input-{i.Number}.yaml").ToList();

            // Then it exits 0 or 2 without a stack trace, and its error lines are exactly the in-process refusals
            var invalid = files.Where(file => Refuses(loader, folder.Path, file)).ToHashSet(StringComparer.Ordinal);
            refused += invalid.Count;
            problems.AddRange(Check(result, files, invalid).Select(p => $"{batch}: {p}"));
            var spread = ValidateOutput.ErrorsByFile(result.Error, files, []).Where(e => e.Value.Message.Contains('\n', StringComparison.Ordinal)).ToList();
            multiLine += spread.Count;
            problems.AddRange(spread.Select(e => $"{batch}: the message for {e.Key} spans lines (control characters are written out, one message a line)"));
        }

        clock.Stop();
        RobustnessSummary.Append(
            $"validate fuzz through the CLI: {Files} mutated files (seed {seed}) in {Invocations} invocations, valid {Files - refused}, " +
            $"refused with file:line:column {refused} (messages over one line: {multiLine}), problems (other exit codes, stack traces, missing or stray lines): {problems.Count}, {clock.Elapsed.TotalSeconds:0} s");
        if (problems.Count > 0)
        {
            CopyInputs(folder.Path, seed);
        }

        problems.ShouldBeEmpty($"replay with {FuzzSeed.Variable}={seed}; the inputs are copied to {Output(seed)}");
    }

    private static string Batch(int number) => $"batch-{number % Invocations}";

    private static IEnumerable<string> Check(CliResult result, List<string> files, HashSet<string> invalid)
    {
        if (result.ExitCode is not (0 or 2))
        {
            yield return $"exit code {result.ExitCode}, expected 0 or 2: {result}";
        }

        if (result.All.Contains("   at ", StringComparison.Ordinal) || result.All.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            yield return $"a stack trace: {result}";
        }

        if (result.ExitCode != (invalid.Count > 0 ? 2 : 0))
        {
            yield return $"exit code {result.ExitCode} with {invalid.Count} file(s) the loader refuses";
        }

        var stray = new List<string>();
        var errors = ValidateOutput.ErrorsByFile(result.Error, files, stray);
        foreach (var line in stray)
        {
            yield return $"a line of stderr names no file: '{line}'";
        }

        foreach (var file in invalid.Where(f => !errors.ContainsKey(f)))
        {
            yield return $"{file} is invalid, but no line names it with file:line:column";
        }

        foreach (var (file, (line, column, message)) in errors)
        {
            if (!invalid.Contains(file))
            {
                yield return $"{file} is valid in process, but the CLI says: {message}";
            }

            if (line < 1 || column < 1 || string.IsNullOrWhiteSpace(message))
            {
                yield return $"{file}:{line}:{column}: is no place, or says nothing: '{message}'";
            }
        }
    }

    private static bool Refuses(ScenarioLoader loader, string folder, string file)
    {
        try
        {
            loader.LoadFile(Path.Combine(folder, file), file);
            return false;
        }
        catch (ScenarioException)
        {
            return true; // the in-process fuzz test checks the exception itself; here it only says "invalid"
        }
    }

    /// <summary>The options `harness validate` builds in the temporary folder: its harness.yaml and the plugins' peer kinds.</summary>
    private static LoadOptions CliLoadOptions(string settingsPath)
    {
        var settings = SettingsLoader.Load(settingsPath, SettingsLoader.FileName);
        return new LoadOptions { Variables = settings.Run.Variables, PluginPeerKinds = PluginCatalog.Load(settings.PluginFolders).PeerKindNames.ToList() };
    }

    private static string Output(int seed) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "validate-fuzz", $"seed-{seed}");

    private static void CopyInputs(string folder, int seed)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "input-*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Output(seed), Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
