using Hpo.Coordinator.Search.State;

namespace Hpo.Coordinator.Sweeps;

/// <summary>Whether the model stored for a trial is the one its objective describes.</summary>
public static class BestModel
{
    /// <summary>
    /// Null when the trial's checkpoint holds the model its objective describes; otherwise why not. Under
    /// <c>objective.scope: best</c> the winner's objective is that of its best epoch, and when that came before its last
    /// epoch the checkpoint (at the last) is another model: giving it as "the best model" would contradict the objective.
    /// </summary>
    public static string? NotStored(TrialState trial) => NotStored(trial.Id, trial.CheckpointEpoch, trial.Epochs);

    public static string? NotStored(int trial, int objectiveEpoch, int epochs) =>
        objectiveEpoch <= 0 || objectiveEpoch == epochs
            ? null
            : $"trial {trial}'s objective is that of its best epoch ({objectiveEpoch}), and its stored model is that of its last " +
              $"({epochs}); set search.refit: true for a model trained {objectiveEpoch} epochs on training + validation, " +
              "or use objective.scope: last";
}
