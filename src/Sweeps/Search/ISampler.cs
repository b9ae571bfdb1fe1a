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

/// <summary>A trial's objective at the end of one of its rungs.</summary>
public readonly record struct RungResult(int Epoch, double Objective);

/// <summary>
/// Proposes trial configurations. Seeded and deterministic: the same seed and the same history give the
/// same proposals. Model-based samplers (TPE) read the history; others ignore it.
/// </summary>
public interface ISampler
{
    /// <summary>The next configuration, or null when the space is exhausted (a finished grid).</summary>
    TrialConfig? Next(IReadOnlyList<TrialResult> history);
}

/// <summary>
/// A sampler whose position can be saved after some draws and restored into a fresh one of the same seed, so a
/// sweep rebuilt from its journal need not draw again what it drew before (TPE's draws cost a model fit each).
/// </summary>
public interface IResumableSampler : ISampler
{
    ulong[] SaveState();

    void RestoreState(ReadOnlySpan<ulong> state);
}

/// <summary>A sampler's saved state after <see cref="Draws"/> draws (configurations proposed or exhaustion found).</summary>
public sealed record SamplerPosition(int Draws, ulong[] State);
