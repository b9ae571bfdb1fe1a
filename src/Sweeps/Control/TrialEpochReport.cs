using Hpo.Engine.Options;

namespace Hpo.Sweeps.Control;

/// <summary>A dispatch trained an epoch: its metrics as measured, and the sweep's objective (null when not measured).</summary>
public sealed record TrialEpochReport(int TrialId, long Dispatch, int Epoch, double? Objective, EpochMetrics Metrics)
{
    /// <summary>The objective or a loss became non-finite: the trial diverged.</summary>
    public bool Diverged => Metrics.Diverged;
}
