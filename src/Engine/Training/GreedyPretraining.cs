using Hpo.Engine.Data;
using Hpo.Engine.Model;
using Hpo.Engine.Options;

namespace Hpo.Engine.Training;

/// <summary>
/// Greedy layer-wise pretraining (Better Deep Learning): weights for the hidden layers of a deep network,
/// learned one layer at a time. Supervised: train a network of one hidden layer, add the next keeping the
/// earlier weights, retrain, until one layer short of the target depth (the main training adds the last).
/// Autoencoder: for each depth, a network of the layers so far learns to reconstruct its (scaled) inputs.
/// </summary>
public static class GreedyPretraining
{
    /// <summary>Pretrains and returns the hidden layers' values, to start the main training from.</summary>
    public static Dictionary<string, float[]> Run(ModelOptions model, TrainingOptions options, DataSplit split,
        Action<int, EpochMetrics>? onStageEpoch = null, CancellationToken cancellation = default)
    {
        var pretraining = options.Pretraining ?? throw new ArgumentException("no pretraining options");
        int depth = model.HiddenUnits.Count;
        if (depth == 0) throw new TrainingSetupException("pretraining needs at least one hidden layer");
        int stages = pretraining.Kind == PretrainingKind.Autoencoder ? depth : depth - 1;
        var stageSplit = pretraining.Kind == PretrainingKind.Autoencoder ? Reconstruction(split) : split;
        var values = new Dictionary<string, float[]>();
        for (int k = 1; k <= stages; k++)
        {
            var stageModel = model with { HiddenUnits = model.HiddenUnits.Take(k).ToArray() };
            var stageOptions = StageOptions(options, pretraining, k);
            var session = new TrainingSession(stageModel, stageOptions, stageSplit, initialValues: values);
            int stage = k;
            session.Run(m => onStageEpoch?.Invoke(stage, m), cancellation);
            if (session.Diverged) throw new TrainingSetupException($"pretraining stage {k} diverged: {session.StopReason}");
            values = WarmStart.HiddenValues(session.Network);
        }
        return values;
    }

    /// <summary>Total pretraining epochs a configuration spends before the main training.</summary>
    public static int Epochs(ModelOptions model, PretrainingOptions p) =>
        p.Kind switch
        {
            PretrainingKind.None => 0,
            PretrainingKind.Autoencoder => model.HiddenUnits.Count * p.EpochsPerLayer,
            _ => Math.Max(0, model.HiddenUnits.Count - 1) * p.EpochsPerLayer,
        };

    private static TrainingOptions StageOptions(TrainingOptions options, PretrainingOptions p, int stage)
    {
        var stageOptions = options with
        {
            MaxEpochs = p.EpochsPerLayer,
            EarlyStopping = null,
            Pretraining = null,
            Transfer = p.FreezePretrained ? new TransferOptions { FreezeLayers = stage - 1, TransferredLayers = stage - 1 } : null,
            Schedule = new ScheduleOptions(),
            Seed = options.Seed + stage,
        };
        return p.Kind == PretrainingKind.Autoencoder
            ? stageOptions with { Loss = LossKind.Mse, TargetScaling = options.InputScaling, ClassWeights = null, BalancedClassWeights = false }
            : stageOptions;
    }

    /// <summary>The same features as both inputs and targets: a reconstruction problem.</summary>
    private static DataSplit Reconstruction(DataSplit split)
    {
        static Dataset Mirror(Dataset d) => Dataset.Regression(d.Name + "-reconstruction", d.Features, d.Samples,
            d.FeatureCount, (float[])d.Features.Clone(), d.FeatureCount, d.FeatureNames);
        return new DataSplit(Mirror(split.Train), Mirror(split.Validation), null);
    }
}
