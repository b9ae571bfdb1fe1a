using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Training;

/// <summary>Fits the scalers on the training split only and prepares every split with them.</summary>
internal sealed class DataPreparation
{
    public DataPreparation(Dataset train, TrainingOptions options, TargetEncoder encoder)
    {
        Encoder = encoder;
        InputScaler = Scaler.Fit(options.InputScaling, train.Features, train.FeatureCount);
        if (train.Task == TaskKind.Regression)
            TargetScaler = Scaler.Fit(options.TargetScaling, train.Targets!, train.TargetCount);
        ClassWeights = ResolveClassWeights(train, options);
    }

    public TargetEncoder Encoder { get; }
    public Scaler InputScaler { get; }
    public Scaler? TargetScaler { get; }
    public float[]? ClassWeights { get; }

    public PreparedData Prepare(Dataset data)
    {
        var features = (float[])data.Features.Clone();
        InputScaler.Transform(features);
        int n = data.Samples;
        var targets = new float[n * Encoder.TargetWidth];
        if (data.Task == TaskKind.Classification)
        {
            for (int i = 0; i < n; i++)
                Encoder.EncodeLabel(data.Labels![i], targets.AsSpan(i * Encoder.TargetWidth, Encoder.TargetWidth));
        }
        else
        {
            data.Targets!.CopyTo(targets, 0);
            TargetScaler?.Transform(targets);
        }
        var weights = SampleWeights(data);
        return new PreparedData
        {
            Samples = n,
            Features = features,
            Targets = targets,
            Labels = data.Labels,
            RawTargets = data.Targets,
            SampleWeights = weights,
        };
    }

    /// <summary>Class weight times sample weight per sample; empty when neither is given.</summary>
    private float[] SampleWeights(Dataset data)
    {
        if (ClassWeights is null && data.SampleWeights is null) return [];
        var weights = new float[data.Samples];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (ClassWeights is null ? 1f : ClassWeights[data.Labels![i]]) * (data.SampleWeights?[i] ?? 1f);
        return weights;
    }

    private static float[]? ResolveClassWeights(Dataset train, TrainingOptions o)
    {
        if (train.Task != TaskKind.Classification) return null;
        int k = train.ClassCount;
        if (o.BalancedClassWeights)
        {
            var counts = new int[k];
            foreach (var l in train.Labels!) counts[l]++;
            return counts.Select(c => c == 0 ? 0f : (float)train.Samples / (k * c)).ToArray();
        }
        if (o.ClassWeights is { } w)
        {
            if (w.Count != k) throw new TrainingSetupException($"class_weights has {w.Count} values but the data has {k} classes");
            return w.ToArray();
        }
        return null;
    }
}
