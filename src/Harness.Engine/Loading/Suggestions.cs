namespace Harness.Engine.Loading;

/// <summary>"Did you mean ...?" for misspelt keys, steps and names.</summary>
internal static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="word"/>, if it is near enough to be a likely typo.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        // A third of the word's length (at least 1, at most 3) separates typos from different words.
        var allowed = Math.Clamp(word.Length / 3, 1, 3);
        var lower = word.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant(), allowed);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean `x`?)" or a list of the valid words when nothing is near.</summary>
    public static string Hint(string word, IReadOnlyCollection<string> candidates)
    {
        var nearest = Nearest(word, candidates);
        return nearest is not null
            ? $"; did you mean `{nearest}`?"
            : $"; expected one of: {string.Join(", ", candidates)}";
    }

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions, "exepct"), worked out only as
    /// far as <paramref name="limit"/>: a larger distance comes back as <c>limit + 1</c>. Such a distance runs
    /// through cells at most <paramref name="limit"/> off the table's diagonal, so only that band is filled and
    /// the work is linear in the words' length: the whole table of two 30,000-character names (a capture and a
    /// misspelt use of it) took a minute and gigabytes.
    /// </summary>
    internal static int Distance(string a, string b, int limit)
    {
        var far = limit + 1;
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return far;
        }

        // Three rows of the table: i - 2 (for transpositions), i - 1 and i. Cells just outside the band hold `far`.
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = Math.Min(j, far);
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - limit);
            var to = Math.Min(b.Length, i + limit);
            current[0] = Math.Min(i, far);
            current[from - 1] = from == 1 ? current[0] : far;
            var rowBest = current[from - 1];
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, beforePrevious[j - 2] + 1);
                }

                current[j] = Math.Min(value, far);
                rowBest = Math.Min(rowBest, current[j]);
            }

            if (to < b.Length)
            {
                current[to + 1] = far;
            }

            if (rowBest > limit)
            {
                return far; // every way on passes through this row
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }
}
