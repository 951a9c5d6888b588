namespace Harness.Peers.Docker.Settings;

/// <summary>
/// Whether a path lies in a folder's tree once every symbolic link along both is resolved (realpath(3)), so that
/// a link in the scenario's folder cannot lead a build context out of it. The engine has the same check; a
/// plugin sees only the contract, so it keeps its own copy of these few lines.
/// </summary>
internal static class ContainedPath
{
    private const int MaxLinks = 40;

    public static bool IsInside(string path, string root)
    {
        try
        {
            var links = 0;
            var real = Resolve(Path.GetFullPath(path), ref links);
            var realRoot = Path.TrimEndingDirectorySeparator(Resolve(Path.GetFullPath(root), ref links));
            return real == realRoot || real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // a loop of links leads nowhere inside
        }
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{full}: too many levels of symbolic links");
            }

            current = Resolve(Path.GetFullPath(target, current), ref links);
        }

        return current;
    }
}
