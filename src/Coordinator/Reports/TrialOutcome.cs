using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// The numbers a report reads off one trial: its objective (the sweep's, as its scope defines it, at its latest
/// checkpoint) and what its learning curve ended with.
/// </summary>
internal sealed record TrialOutcome(
    TrialDetail Detail,
    double? LastEpochObjective,
    double? FinalTrainLoss,
    double? FinalValidationLoss,
    DateTimeOffset? LastRecordedAt)
{
    public int Trial => Detail.Trial;

    /// <summary>
    /// True when the trial has an objective to plot: a finite one at a checkpoint. Failed and diverged trials never
    /// count, even with finite epochs before they broke, since their last word on the objective is not a number.
    /// </summary>
    public bool IsScored => Detail.Objective is double v && double.IsFinite(v)
        && Detail.Status is not (TrialStatus.Failed or TrialStatus.Diverged);

    /// <summary>The objective of a scored trial (NaN otherwise): the number the leaderboard ranks it by.</summary>
    public double Objective => IsScored ? Detail.Objective!.Value : double.NaN;

    /// <summary>The budget (epochs) a scored trial is ranked at.</summary>
    public int Budget => Detail.Budget;

    /// <summary>The epochs the trial trained in all, whatever budget its objective is read at.</summary>
    public int EpochsTrained => Math.Max(Detail.Epochs, Detail.Curve.Count);

    public static TrialOutcome Of(TrialDetail trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var last = trial.Curve.Count > 0 ? trial.Curve[^1] : null;
        return new TrialOutcome(
            trial,
            last?.Objective,
            last?.TrainLoss,
            last?.ValidationLoss,
            last?.At);
    }
}
