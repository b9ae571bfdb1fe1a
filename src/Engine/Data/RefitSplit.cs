namespace Hpo.Engine.Data;

/// <summary>
/// The data a refit trains on (scikit-learn's <c>refit=True</c>): the training and validation parts together, with
/// no validation part, and the very same test part. Built from the sweep's split rather than by splitting again
/// with a validation fraction of 0, which shuffles the test part into another order and may round a row into or
/// out of it.
/// </summary>
public static class RefitSplit
{
    public static DataSplit Of(DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var train = split.Train;
        var validation = split.Validation;
        var name = train.Name.EndsWith("-train", StringComparison.Ordinal) ? train.Name[..^"-train".Length] + "-refit" : train.Name + "-refit";
        return new DataSplit(Concat(train, validation, name), train.Subset([], $"{name}-validation"), split.Test);
    }

    /// <summary>The rows of <paramref name="first"/> then those of <paramref name="second"/> (same columns and classes).</summary>
    public static Dataset Concat(Dataset first, Dataset second, string name)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (second.Samples == 0) return first;
        if (first.Task != second.Task || first.FeatureCount != second.FeatureCount || first.TargetCount != second.TargetCount
            || first.ClassCount != second.ClassCount)
            throw new ArgumentException($"{first.Name} and {second.Name} do not have the same shape");
        var features = new float[first.Features.Length + second.Features.Length];
        first.Features.CopyTo(features, 0);
        second.Features.CopyTo(features, first.Features.Length);
        int samples = first.Samples + second.Samples;
        var merged = first.Task == Options.TaskKind.Classification
            ? Dataset.Classification(name, features, samples, first.FeatureCount, [.. first.Labels!, .. second.Labels!],
                first.ClassNames!, first.FeatureNames)
            : Dataset.Regression(name, features, samples, first.FeatureCount, [.. first.Targets!, .. second.Targets!],
                first.TargetCount, first.FeatureNames);
        if (first.SampleWeights is null && second.SampleWeights is null) return merged;
        return merged.WithSampleWeights([.. Weights(first), .. Weights(second)]);
    }

    private static float[] Weights(Dataset data) => data.SampleWeights ?? Enumerable.Repeat(1f, data.Samples).ToArray();
}
