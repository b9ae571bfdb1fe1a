namespace Hpo.Coordinator.Search;

/// <summary>A finished (or paused) trial's configuration and the objective it reached, for model-based samplers.</summary>
public sealed record TrialResult(TrialConfig Config, double Objective, int Epochs);

/// <summary>
/// Proposes trial configurations. Seeded and deterministic: the same seed and the same history give the
/// same proposals. Model-based samplers (TPE) read the history; others ignore it.
/// </summary>
public interface ISampler
{
    /// <summary>The next configuration, or null when the space is exhausted (a finished grid).</summary>
    TrialConfig? Next(IReadOnlyList<TrialResult> history);
}
