namespace Hpo.Sweeps.Specs;

/// <summary>"Did you mean" for misspelt keys and names: the closest candidate within a small edit distance.</summary>
public static class SpecSuggest
{
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        var w = word.ToLowerInvariant();
        foreach (var c in candidates)
        {
            var d = Distance(w, c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        if (bestDistance <= Math.Max(1, Math.Min(3, word.Length / 3))) return best;

        // An abbreviation: the one candidate the word begins.
        var extensions = candidates.Where(c => w.Length >= 3 && c.StartsWith(w, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return extensions.Count == 1 ? extensions[0] : null;
    }

    /// <summary>" (did you mean X?)" or empty.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } c ? $" (did you mean {c}?)" : "";

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) turning a into b.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
