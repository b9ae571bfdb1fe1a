using Hpo.Sweeps.Journal;

namespace Hpo.Sweeps.Control;

/// <summary>Which stored model is the one the winner's objective describes.</summary>
public static class BestModel
{
    /// <summary>
    /// Whether the winner's model at its objective epoch has to be stored apart: under <c>objective.scope: best</c> its
    /// best epoch came before its last, and its checkpoint (at the last) is another model.
    /// </summary>
    public static bool StoredApart(int objectiveEpoch, int epochs) => objectiveEpoch > 0 && objectiveEpoch != epochs;

    /// <summary>
    /// The sweep's model: the refit when there is one; the trial's checkpoint when its objective is its last epoch's;
    /// else the model stored at its objective epoch when the sweep ended (<paramref name="tested"/>, the recorded end
    /// step of this trial, null while none is), or why there is none.
    /// </summary>
    public static ModelChoice Of(int trial, int objectiveEpoch, int epochs, bool refit, bool finished, BestTrialTested? tested)
    {
        if (refit) return new ModelChoice(ModelSource.Refit, 0, null);
        if (!StoredApart(objectiveEpoch, epochs)) return new ModelChoice(ModelSource.Trial, epochs, null);
        if (tested is { ModelStored: true } t && t.Trial == trial && t.Epoch == objectiveEpoch)
            return new ModelChoice(ModelSource.ObjectiveEpoch, objectiveEpoch, null);
        var lead = $"trial {trial}'s objective is that of its best epoch ({objectiveEpoch}), and its checkpoint holds its last ({epochs}); ";
        string why = !finished ? $"{lead}the model at epoch {objectiveEpoch} is stored when the sweep ends"
            : tested is not { ModelError: { } error } || tested.Trial != trial ? $"{lead}the model at epoch {objectiveEpoch} is being stored: ask again once the sweep is over"
            : $"{lead}its model at epoch {objectiveEpoch} could not be stored when the sweep ended ({error}); set search.refit: true " +
              $"for a model trained {objectiveEpoch} epochs on training + validation, or use objective.scope: last";
        return new ModelChoice(ModelSource.ObjectiveEpoch, objectiveEpoch, why);
    }
}
