using Hpo.Engine.Data;
using Hpo.Engine.Model;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Persistence;

/// <summary>
/// Starts a new training session the way a spec asks for it: from a transferred model's hidden layers
/// (frozen and trained at their own rate as <see cref="TrainingOptions.Transfer"/> says), after greedy
/// layer-wise pretraining, or from a random start. Shared by <c>hpo train</c> and the cluster's workers.
/// </summary>
public static class SessionStart
{
    /// <param name="pretraining">The pretraining to run first (its epochs per layer and freezing come from
    /// <see cref="TrainingOptions.Pretraining"/>, defaults when null).</param>
    /// <param name="transfer">The model to take the hidden layers from; freezing, learning rate and keep-output
    /// come from <see cref="TrainingOptions.Transfer"/> (defaults when null); the count of transferred layers is
    /// worked out here.</param>
    /// <exception cref="ModelFileException">The transferred model does not fit the data or the architecture.</exception>
    public static TrainingSession New(ModelOptions model, TrainingOptions options, DataSplit split,
        PretrainingKind pretraining = PretrainingKind.None, TransferSource? transfer = null,
        Action<int, EpochMetrics>? onPretrainingEpoch = null, CancellationToken cancellation = default)
    {
        Dictionary<string, float[]>? initial = null;
        if (transfer is not null)
        {
            var source = transfer.Model;
            if (source.InputWidth != split.Train.FeatureCount)
                throw new ModelFileException($"{transfer.Name}: the model takes {source.InputWidth} inputs but the data has {split.Train.FeatureCount} features; transfer needs the same inputs");
            int sourceLayers = source.Header.Model.HiddenUnits.Count;
            var settings = options.Transfer ?? new TransferOptions();
            if (settings.FreezeLayers > sourceLayers)
                throw new ModelFileException($"{transfer.Name}: cannot freeze {settings.FreezeLayers} layers: the model has {sourceLayers} hidden layers");
            options = options with { Transfer = settings with { TransferredLayers = Math.Min(sourceLayers, model.HiddenUnits.Count) } };
            initial = settings.KeepOutput
                ? source.Network.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray())
                : WarmStart.HiddenValues(source.Network);
        }
        if (pretraining != PretrainingKind.None)
        {
            var stages = (options.Pretraining ?? new PretrainingOptions()) with { Kind = pretraining };
            initial = GreedyPretraining.Run(model, options with { Pretraining = stages }, split, onPretrainingEpoch, cancellation);
        }
        try
        {
            return new TrainingSession(model, options, split, initialValues: initial);
        }
        catch (TrainingSetupException e) when (transfer is not null)
        {
            throw new ModelFileException($"{transfer.Name}: {e.Message}", e);
        }
    }
}
