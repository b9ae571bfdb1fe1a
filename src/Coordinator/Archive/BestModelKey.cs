using Hpo.Sweeps.Control;
using Hpo.Worker.Checkpoints;

namespace Hpo.Coordinator.Archive;

/// <summary>Where each <see cref="ModelSource"/> keeps the sweep's model, and how it is named to the user.</summary>
public static class BestModelKey
{
    public static CheckpointKey Of(string sweepId, int trial, ModelSource source) => source switch
    {
        ModelSource.Refit => CheckpointKey.RefitOf(sweepId),
        ModelSource.ObjectiveEpoch => CheckpointKey.BestOf(sweepId),
        _ => new CheckpointKey(sweepId, trial),
    };

    /// <summary>"trial 4", "the refit of trial 4", "trial 4 at epoch 14".</summary>
    public static string Describe(int trial, ModelSource source, int epoch) => source switch
    {
        ModelSource.Refit => $"the refit of trial {trial}",
        ModelSource.ObjectiveEpoch => $"trial {trial} at epoch {epoch}",
        _ => $"trial {trial}",
    };

    public static string FileName(string sweepId, int trial, ModelSource source, int epoch) => source switch
    {
        ModelSource.Refit => $"{sweepId}-refit-{trial}.hpo",
        ModelSource.ObjectiveEpoch => $"{sweepId}-trial-{trial}-epoch-{epoch}.hpo",
        _ => $"{sweepId}-trial-{trial}.hpo",
    };
}
