namespace Harness.Engine.Loading;

/// <summary>
/// The files a scenario may name: those in its own folder tree (the scenario file's folder and below), so that
/// a scenario from elsewhere (a student's submission, a downloaded example) cannot make the harness send
/// <c>~/.ssh/id_rsa</c> to a server or run a program from outside. Paths are compared after every symbolic
/// link is resolved: a link inside the tree that points out of it is outside. <c>--allow-outside-files</c>
/// lifts the limit.
/// </summary>
internal static class FileScope
{
    public const string Flag = "--allow-outside-files";

    /// <summary>Symbolic links followed before a path is taken to be a loop, as Linux's ELOOP.</summary>
    private const int MaxLinks = 40;

    /// <summary>Whether <paramref name="path"/> (absolute) lies in the tree of <paramref name="root"/>, links resolved.</summary>
    public static bool IsInside(string path, string root)
    {
        string real, realRoot;
        try
        {
            real = RealPath(path);
            realRoot = Path.TrimEndingDirectorySeparator(RealPath(root));
        }
        catch (IOException)
        {
            return false; // a loop of links leads nowhere inside
        }

        return real == realRoot || real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>The message for a path outside the tree: the file as written, where it really is, the tree, and the flag.</summary>
    public static string Outside(string written, string full, string root)
    {
        string real;
        try
        {
            real = RealPath(full);
        }
        catch (IOException)
        {
            real = full;
        }

        var where = real != full ? $" ({full}, a link to {real})" : written != full ? $" ({full})" : string.Empty;
        return $"'{written}'{where} is outside the scenario's folder {root}; a scenario may name only files in its own " +
            $"folder tree, unless the harness runs with {Flag}";
    }

    /// <summary>The path with every symbolic link along it resolved (what realpath(3) gives); parts that do not exist are kept as written.</summary>
    /// <exception cref="IOException">Too many links (a loop).</exception>
    public static string RealPath(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
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
