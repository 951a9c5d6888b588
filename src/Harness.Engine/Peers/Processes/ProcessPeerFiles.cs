using Harness.Engine.Loading;

namespace Harness.Engine.Peers.Processes;

/// <summary>
/// The files a process peer's command names: its working folder, its program when written as a path, and every
/// argument that names an existing file or folder. Each must lie in the scenario's folder tree (see
/// <see cref="FileScope"/>). A <c>shell: true</c> line is not parsed, so only its working folder is checked; a
/// program named bare (<c>python3</c>) is found in PATH and is not the scenario's file.
/// </summary>
internal static class ProcessPeerFiles
{
    /// <summary>
    /// Why the command may not run, or null. Parts still holding variables are null and skipped (the
    /// load-time check); at start every part is known.
    /// </summary>
    public static string? Problem(IReadOnlyList<string?> command, bool shell, string? workingFolder, string root)
    {
        if (workingFolder is null)
        {
            return null;
        }

        if (!FileScope.IsInside(workingFolder, root))
        {
            return "working folder " + FileScope.Outside(workingFolder, workingFolder, root);
        }

        if (shell)
        {
            return null;
        }

        for (var i = 0; i < command.Count; i++)
        {
            if (command[i] is not { Length: > 0 } part || (i == 0 && !part.Contains('/', StringComparison.Ordinal)))
            {
                continue;
            }

            var full = Path.GetFullPath(part, workingFolder);
            if ((i == 0 || File.Exists(full) || Directory.Exists(full)) && !FileScope.IsInside(full, root))
            {
                return (i == 0 ? "program " : "argument ") + FileScope.Outside(part, full, root);
            }
        }

        return null;
    }
}
