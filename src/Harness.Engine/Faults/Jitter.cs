namespace Harness.Engine.Faults;

internal static class Jitter
{
    /// <summary>A random amount between -<paramref name="jitter"/> and +<paramref name="jitter"/>, drawn from the link's seeded generator.</summary>
    public static TimeSpan Sample(TimeSpan jitter, Random random)
    {
        // Drawn even without jitter, so that adding jitter to a scenario does not shift the other random choices.
        var draw = random.NextDouble();
        return jitter > TimeSpan.Zero ? jitter * ((draw * 2) - 1) : TimeSpan.Zero;
    }
}
