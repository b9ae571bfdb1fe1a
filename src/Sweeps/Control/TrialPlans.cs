using Hpo.Engine.Options;
using Hpo.Engine.Training;
using Hpo.Sweeps.Specs;

namespace Hpo.Sweeps.Control;

/// <summary>Turns one trial's materialised spec into the plan a worker trains.</summary>
public static class TrialPlans
{
    /// <summary>The plan of a trial's configuration in <paramref name="spec"/>, or null and why the spec refuses it.</summary>
    public static TrialPlan? Of(SweepSpec spec, Search.TrialConfig config, out string? refused)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            refused = null;
            return From(spec.Materialize(config), spec.Objective.Metric);
        }
        catch (SpecException e)
        {
            refused = e.Message;
            return null;
        }
    }

    public static TrialPlan From(TrainSpec spec, string objectiveMetric)
    {
        var training = spec.Training with
        {
            // In a sweep the scheduler stops trials (search.early_stopping); a trial trains the epochs it is given.
            EarlyStopping = null,
            Pretraining = spec.Pretraining == PretrainingKind.None
                ? null
                : (spec.Training.Pretraining ?? new PretrainingOptions()) with { Kind = spec.Pretraining },
            Transfer = spec.Transfer?.ToOptions(),
        };
        return new TrialPlan
        {
            Data = spec.Data,
            Task = spec.Task,
            Model = spec.Model,
            Training = training,
            ObjectiveMetric = objectiveMetric,
            TransferFrom = spec.Transfer?.From,
            Pretraining = training.Pretraining?.Kind ?? PretrainingKind.None,
        };
    }
}
