namespace Harness.Cli;

/// <summary>The documented exit codes (as Hurl's): CI gates on them.</summary>
internal static class ExitCodes
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;
    public const int CouldNotRun = 3;

    /// <summary>Interrupted by SIGINT (Ctrl-C), as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM, as shells report it.</summary>
    public const int Terminated = 143;
}
