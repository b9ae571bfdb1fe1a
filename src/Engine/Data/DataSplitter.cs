using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// Seeded train/validation/test splits. Classification splits are stratified: each class is divided
/// separately, so every part's share of a class is within one sample of the exact fraction. Rounding
/// is carried across classes so the parts' totals also stay close to the requested fractions.
/// </summary>
public static class DataSplitter
{
    /// <summary>Checks 0 &lt;= validation, 0 &lt;= test and validation + test &lt; 1.</summary>
    public static void ValidateFractions(double validation, double test)
    {
        if (!(validation >= 0 && validation < 1))
            throw new DataException($"validation fraction must be in [0, 1), got {validation}");
        if (!(test >= 0 && test < 1))
            throw new DataException($"test fraction must be in [0, 1), got {test}");
        if (!(validation + test < 1))
            throw new DataException(
                $"validation + test fractions must be below 1 to leave training data, got {validation} + {test} = {validation + test}");
    }

    /// <summary>
    /// Splits <paramref name="data"/>: a <paramref name="validation"/> and a <paramref name="test"/> fraction
    /// (test null when 0); rows in each part are shuffled. <paramref name="stratify"/> defaults to true
    /// for classification.
    /// </summary>
    public static DataSplit Split(Dataset data, double validation, double test, int seed, bool? stratify = null)
    {
        ValidateFractions(validation, test);
        bool strat = (stratify ?? true) && data.Task == TaskKind.Classification;
        var rng = new Rng(seed);

        // Groups: one per class (stratified) or one for everything, each shuffled.
        List<int>[] groups;
        if (strat)
        {
            groups = Enumerable.Range(0, data.ClassCount).Select(_ => new List<int>()).ToArray();
            for (int i = 0; i < data.Samples; i++) groups[data.Labels![i]].Add(i);
        }
        else groups = [Enumerable.Range(0, data.Samples).ToList()];

        double[] fractions = [1 - validation - test, validation, test];
        var parts = new[] { new List<int>(), new List<int>(), new List<int>() };
        var owed = new double[3]; // exact cumulative share minus what each part received so far
        foreach (var group in groups)
        {
            var rows = group.ToArray();
            rng.Shuffle<int>(rows);
            var counts = Allocate(rows.Length, fractions, owed);
            int at = 0;
            for (int p = 0; p < 3; p++)
            {
                parts[p].AddRange(rows.AsSpan(at, counts[p]).ToArray());
                at += counts[p];
            }
        }

        if (parts[0].Count == 0)
            throw new DataException(
                $"{data.Name}: {data.Samples} samples leave no training data with validation {validation} and test {test}");
        Dataset Part(List<int> rows, string suffix)
        {
            var a = rows.ToArray();
            rng.Shuffle<int>(a);
            return data.Subset(a, $"{data.Name}-{suffix}");
        }
        return new DataSplit(Part(parts[0], "train"), Part(parts[1], "validation"),
            test > 0 ? Part(parts[2], "test") : null);
    }

    /// <summary>
    /// Divides n items into parts with counts floor or ceil of n * fraction (summing to n), rounding up
    /// the parts that are owed most across earlier groups.
    /// </summary>
    private static int[] Allocate(int n, double[] fractions, double[] owed)
    {
        var counts = new int[fractions.Length];
        var exact = new double[fractions.Length];
        int left = n;
        for (int p = 0; p < fractions.Length; p++)
        {
            exact[p] = n * fractions[p];
            counts[p] = (int)Math.Floor(exact[p] + 1e-9);
            if (counts[p] > exact[p]) exact[p] = counts[p]; // absorb floating error, e.g. 0.3 * 10
            left -= counts[p];
        }
        while (left > 0)
        {
            int best = -1;
            for (int p = 0; p < fractions.Length; p++)
            {
                if (!(exact[p] - counts[p] > 1e-9)) continue; // only round up parts with a fractional share
                double debt = owed[p] + exact[p] - counts[p];
                if (best < 0 || debt > owed[best] + exact[best] - counts[best]) best = p;
            }
            if (best < 0) best = 0; // cannot happen while fractions sum to 1; keep the remainder in train
            counts[best]++;
            left--;
        }
        for (int p = 0; p < fractions.Length; p++) owed[p] += exact[p] - counts[p];
        return counts;
    }
}
