namespace Harness.Engine.Loading;

/// <summary>"Did you mean ...?" for misspelt keys, steps and names.</summary>
internal static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="word"/>, if it is near enough to be a likely typo.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // A third of the word's length (at least 1, at most 3) separates typos from different words.
        var allowed = Math.Clamp(word.Length / 3, 1, 3);
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

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions ("exepct").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
