using System.Globalization;

namespace Harness.Engine.Tests.Support.Fuzz;

/// <summary>
/// The seed of a fuzz run: HARNESS_FUZZ_SEED when set (to replay a run), a fresh one otherwise; printed
/// either way, so that any run can be replayed.
/// </summary>
internal static class FuzzSeed
{
    public const string Variable = "HARNESS_FUZZ_SEED";

    public static int Choose(string what)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        TestContext.Progress.WriteLine($"{what}: seed {seed} (replay with {Variable}={seed})");
        return seed;
    }

    /// <summary>
    /// The seed of item <paramref name="number"/> of a run (SplitMix64's mixing): stable across processes,
    /// unlike <see cref="HashCode"/>, so that an item can be made again without making those before it.
    /// </summary>
    public static int Derive(int seed, int number)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)number) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}
