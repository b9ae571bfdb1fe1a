namespace Hpo.Sweeps.Search;

/// <summary>
/// A finished (or paused) trial's configuration and the objective it reached, for model-based samplers; with the
/// objective at each rung it passed (<see cref="Rungs"/>), so a sampler can compare trials on equal budgets.
/// </summary>
public sealed record TrialResult(TrialConfig Config, double Objective, int Epochs)
{
    /// <summary>The objective at the epoch of each rung the trial reached, lowest first (empty: not known).</summary>
    public IReadOnlyList<RungResult> Rungs { get; init; } = [];
}
