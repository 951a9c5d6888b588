using System.Globalization;
using Harness.Engine.Model;

namespace Harness.Engine.Running;

/// <summary>
/// One slice <c>i/n</c> of a suite, so that a CI job matrix of n machines runs every scenario exactly once.
/// Scenarios are put in a stable order (file path, then place in the file) and dealt out round-robin: the
/// k-th scenario goes to shard <c>k mod n + 1</c>. Every machine computes the same split from the same
/// files, and shard sizes differ by at most one.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c> with 1 &lt;= i &lt;= n.</summary>
    public static bool TryParse(string text, out Shard? shard, out string problem)
    {
        shard = null;
        problem = string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = $"'{text}' is not a shard; expected i/n such as 2/3";
            return false;
        }

        if (count < 1 || index < 1 || index > count)
        {
            problem = $"'{text}': the shard number must be between 1 and the shard count ({Math.Max(count, 1)})";
            return false;
        }

        shard = new Shard(index, count);
        return true;
    }

    /// <summary>This shard's scenarios, in the stable order.</summary>
    public IReadOnlyList<Scenario> Select(IReadOnlyList<Scenario> scenarios) =>
        StableOrder(scenarios).Where((_, k) => k % Count == Index - 1).ToList();

    /// <summary>The order every shard agrees on: file path (ordinal), then line and column in the file.</summary>
    public static IReadOnlyList<Scenario> StableOrder(IEnumerable<Scenario> scenarios) =>
        scenarios
            .OrderBy(s => s.FilePath.Replace('\\', '/'), StringComparer.Ordinal)
            .ThenBy(s => s.Location.Line)
            .ThenBy(s => s.Location.Column)
            .ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
