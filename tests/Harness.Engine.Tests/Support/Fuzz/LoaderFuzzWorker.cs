using System.Diagnostics;
using System.Text;
using Harness.Engine.Loading;

namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>An input the loader did not end on as promised: the problem, and the file the input was saved to.</summary>
internal sealed record LoaderFuzzFailure(FuzzInput Input, string Problem, string SavedTo);

/// <summary>
/// Loads its share of a fuzz run's inputs one after another on a thread of its own, so that a watchdog on
/// the test's thread can see how long the input in flight has taken and give up on a hang (the thread is a
/// background one: a hung loader cannot keep the test process alive). The input in flight is also written
/// to a file before it is loaded: if it crashes the process (a stack overflow cannot be caught), that file
/// holds it.
/// </summary>
internal sealed class LoaderFuzzWorker
{
    /// <summary>Smaller than the stack of any thread the CLI loads on (8 MiB main, 1.5 MiB pool), so that deep recursion fails here first.</summary>
    private const int StackBytes = 1024 * 1024;

    private readonly YamlMutator _mutator;
    private readonly ScenarioLoader _loader;
    private readonly IEnumerable<int> _numbers;
    private readonly string _outputFolder;
    private readonly Thread _thread;
    private long _startedAt;
    private FuzzInput? _inFlight;

    public LoaderFuzzWorker(int index, YamlMutator mutator, ScenarioLoader loader, IEnumerable<int> numbers, string outputFolder)
    {
        _mutator = mutator;
        _loader = loader;
        _numbers = numbers;
        _outputFolder = outputFolder;
        InFlightPath = Path.Combine(outputFolder, $"in-flight-{index}.yaml");
        _thread = new Thread(Run, StackBytes) { IsBackground = true, Name = $"loader fuzz {index}" };
    }

    public string InFlightPath { get; }

    public int Loaded { get; private set; }

    public int Refused { get; private set; }

    public List<LoaderFuzzFailure> Failures { get; } = [];

    public TimeSpan Slowest { get; private set; }

    public FuzzInput? SlowestInput { get; private set; }

    /// <summary>What the thread died of, if something escaped the verdict (it should not).</summary>
    public Exception? Crash { get; private set; }

    public void Start() => _thread.Start();

    public bool Join(TimeSpan wait) => _thread.Join(wait);

    /// <summary>The input being loaded now and for how long, or null between inputs.</summary>
    public (FuzzInput Input, TimeSpan Elapsed)? InFlight()
    {
        var started = Interlocked.Read(ref _startedAt);
        var input = Volatile.Read(ref _inFlight);
        return started == 0 || input is null ? null : (input, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Saves an input where it can be replayed (`harness validate FILE`), named after the run's seed and the input's number.</summary>
    public static string Save(string outputFolder, int seed, FuzzInput input)
    {
        var path = Path.Combine(outputFolder, $"seed-{seed}-input-{input.Number}.yaml");
        File.WriteAllText(path, input.Text);
        return path;
    }

    private void Run()
    {
        try
        {
            using var inFlight = new FileStream(InFlightPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            foreach (var number in _numbers)
            {
                var input = _mutator.Make(number);
                Record(inFlight, input.Text);
                Volatile.Write(ref _inFlight, input);
                Interlocked.Exchange(ref _startedAt, Stopwatch.GetTimestamp());
                var (outcome, problem) = LoaderVerdict.Judge(_loader, input.Text, $"fuzz-{number}.yaml", input.Source.Folder);
                var elapsed = Stopwatch.GetElapsedTime(Interlocked.Exchange(ref _startedAt, 0));
                if (elapsed > Slowest)
                {
                    (Slowest, SlowestInput) = (elapsed, input);
                }

                switch (outcome)
                {
                    case LoaderOutcome.Loaded:
                        Loaded++;
                        break;
                    case LoaderOutcome.Refused:
                        Refused++;
                        break;
                    default:
                        Failures.Add(new LoaderFuzzFailure(input, problem!, Save(_outputFolder, _mutator.Seed, input)));
                        break;
                }
            }
        }
        catch (Exception ex)
        {
            Crash = ex; // reported by the test, with the input in flight
        }
    }

    /// <summary>Overwrites the in-flight file: one write to the page cache, which survives the process crashing.</summary>
    private static void Record(FileStream file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        file.Position = 0;
        file.Write(bytes);
        file.SetLength(bytes.Length);
        file.Flush();
    }
}
