namespace Harness.Cli.Commands;

/// <summary>Expands the paths given on the command line into scenario files, in a stable order.</summary>
internal static class ScenarioFiles
{
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("name at least one scenario file or folder, such as `harness run scenarios/echo.yaml`");
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))

                    // A folder's settings file is not a scenario.
                    .Where(f => !string.Equals(Path.GetFileName(f), "harness.yaml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path} holds no scenario files (*.yaml or *.yml)");
                }

                files.AddRange(found);
            }
            else
            {
                throw new UsageException($"{path}: no such file or folder");
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }
}
