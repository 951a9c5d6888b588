namespace Harness.Engine.Peers.Processes;

/// <summary>Finds the program of a command the way a shell would, so "no such program" is a clear error before anything starts.</summary>
internal static class ProgramLocator
{
    /// <summary>The full path of <paramref name="program"/>, or null: a path is taken relative to <paramref name="folder"/>, a bare name is looked up in PATH.</summary>
    public static string? Find(string program, string folder)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(program, folder);
            return File.Exists(path) ? path : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>setsid(1), which starts a program in a new session and process group, if this system has it.</summary>
    public static string? SetSid { get; } = OperatingSystem.IsLinux() ? Find("setsid", "/") : null;
}
