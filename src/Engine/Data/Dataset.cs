using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// An in-memory tabular dataset: row-major features and, for classification, integer class labels
/// (0..ClassCount-1) or, for regression, row-major float targets.
/// </summary>
public sealed class Dataset
{
    private Dataset(string name, TaskKind task, float[] features, int samples, int featureCount,
        int[]? labels, IReadOnlyList<string>? classNames, float[]? targets, int targetCount,
        IReadOnlyList<string>? featureNames)
    {
        if (features.Length != samples * featureCount)
            throw new ArgumentException($"features hold {features.Length} values, expected {samples} x {featureCount}");
        Name = name;
        Task = task;
        Features = features;
        Samples = samples;
        FeatureCount = featureCount;
        Labels = labels;
        ClassNames = classNames;
        Targets = targets;
        TargetCount = targetCount;
        FeatureNames = featureNames;
    }

    public string Name { get; }
    public TaskKind Task { get; }
    public float[] Features { get; }
    public int Samples { get; }
    public int FeatureCount { get; }
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>Class index per sample (classification only).</summary>
    public int[]? Labels { get; }

    /// <summary>Display names of the classes, index = label (classification only).</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    public int ClassCount => ClassNames?.Count ?? 0;

    /// <summary>Row-major targets, Samples x TargetCount (regression only).</summary>
    public float[]? Targets { get; }

    public int TargetCount { get; }

    /// <summary>Per-sample weights for the loss (null = every sample weighs 1).</summary>
    public float[]? SampleWeights { get; private init; }

    /// <summary>The same data with per-sample weights (non-negative, one per sample).</summary>
    public Dataset WithSampleWeights(float[] weights)
    {
        if (weights.Length != Samples) throw new ArgumentException($"{weights.Length} sample weights for {Samples} samples");
        foreach (var w in weights)
            if (!(w >= 0) || !float.IsFinite(w)) throw new ArgumentException($"sample weight {w} is not a non-negative number");
        return new Dataset(Name, Task, Features, Samples, FeatureCount, Labels, ClassNames, Targets, TargetCount, FeatureNames) { SampleWeights = weights };
    }

    /// <summary>Width of the network's output layer for this dataset.</summary>
    public int OutputWidth => Task == TaskKind.Classification ? ClassCount : TargetCount;

    public ReadOnlySpan<float> FeatureRow(int i) => Features.AsSpan(i * FeatureCount, FeatureCount);

    public static Dataset Classification(string name, float[] features, int samples, int featureCount,
        int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? featureNames = null)
    {
        if (labels.Length != samples) throw new ArgumentException($"{labels.Length} labels for {samples} samples");
        foreach (var l in labels)
            if ((uint)l >= (uint)classNames.Count) throw new ArgumentException($"label {l} outside 0..{classNames.Count - 1}");
        return new Dataset(name, TaskKind.Classification, features, samples, featureCount, labels, classNames, null, 0, featureNames);
    }

    public static Dataset Regression(string name, float[] features, int samples, int featureCount,
        float[] targets, int targetCount = 1, IReadOnlyList<string>? featureNames = null)
    {
        if (targets.Length != samples * targetCount) throw new ArgumentException($"{targets.Length} targets for {samples} x {targetCount}");
        return new Dataset(name, TaskKind.Regression, features, samples, featureCount, null, null, targets, targetCount, featureNames);
    }

    /// <summary>A new dataset holding the given rows, in the given order.</summary>
    public Dataset Subset(ReadOnlySpan<int> rows, string? name = null)
    {
        var subset = SubsetWithoutWeights(rows, name);
        if (SampleWeights is null) return subset;
        var w = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++) w[i] = SampleWeights[rows[i]];
        return subset.WithSampleWeights(w);
    }

    private Dataset SubsetWithoutWeights(ReadOnlySpan<int> rows, string? name)
    {
        var f = new float[rows.Length * FeatureCount];
        for (int i = 0; i < rows.Length; i++)
            FeatureRow(rows[i]).CopyTo(f.AsSpan(i * FeatureCount, FeatureCount));
        if (Task == TaskKind.Classification)
        {
            var l = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) l[i] = Labels![rows[i]];
            return Classification(name ?? Name, f, rows.Length, FeatureCount, l, ClassNames!, FeatureNames);
        }
        var t = new float[rows.Length * TargetCount];
        for (int i = 0; i < rows.Length; i++)
            Targets.AsSpan(rows[i] * TargetCount, TargetCount).CopyTo(t.AsSpan(i * TargetCount, TargetCount));
        return Regression(name ?? Name, f, rows.Length, FeatureCount, t, TargetCount, FeatureNames);
    }
}
