namespace Hpo.Sweeps.Search;

/// <summary>
/// Proposes trial configurations. Seeded and deterministic: the same seed and the same history give the
/// same proposals. Model-based samplers (TPE) read the history; others ignore it.
/// </summary>
public interface ISampler
{
    /// <summary>The next configuration, or null when the space is exhausted (a finished grid).</summary>
    TrialConfig? Next(IReadOnlyList<TrialResult> history);
}
