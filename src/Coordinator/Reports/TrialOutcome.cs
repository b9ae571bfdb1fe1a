using Hpo.Coordinator.Search.State;
using Hpo.Coordinator.Sweeps;
using Hpo.Engine.Options;

namespace Hpo.Coordinator.Reports;

/// <summary>The numbers a report reads off one trial's learning curve.</summary>
internal sealed record TrialOutcome(
    TrialDetail Detail,
    double? FinalObjective,
    double? BestObjective,
    double? FinalTrainLoss,
    double? FinalValidationLoss,
    DateTimeOffset? LastRecordedAt)
{
    public int Trial => Detail.Trial;

    /// <summary>
    /// True when the trial has a finite final objective to plot; failed and diverged trials never count, even with
    /// finite epochs before they broke, since their last word on the objective is not a number.
    /// </summary>
    public bool IsScored => FinalObjective is double v && double.IsFinite(v)
        && Detail.Status is not (TrialStatus.Failed or TrialStatus.Diverged);

    /// <summary>The final objective of a scored trial.</summary>
    public double Objective => FinalObjective ?? double.NaN;

    public static TrialOutcome Of(TrialDetail trial, ObjectiveMode mode)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var last = trial.Curve.Count > 0 ? trial.Curve[^1] : null;
        return new TrialOutcome(
            trial,
            last?.Objective,
            trial.BestObjective ?? ObjectiveOrder.Best(mode, trial.Curve.Select(p => p.Objective)),
            last?.TrainLoss,
            last?.ValidationLoss,
            last?.At);
    }
}
