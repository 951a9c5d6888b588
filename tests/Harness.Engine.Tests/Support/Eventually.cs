namespace Harness.Engine.Tests.Support;

/// <summary>Waits for something another task makes true, polling; a hang ends the test instead of stalling it.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, int seconds = 10)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
