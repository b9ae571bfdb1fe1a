using Hpo.Engine.Options;

namespace Hpo.Sweeps.Search;

/// <summary>
/// How a sweep schedules its trials and when it ends (the scheduling half of the spec's <c>search</c>
/// section). Epochs are the resource. Budgets left null are unlimited; the sweep ends at whichever comes first.
/// </summary>
public sealed record SchedulerOptions
{
    public SchedulerKind Kind { get; init; } = SchedulerKind.Asha;

    /// <summary>eta: each rung keeps the top 1/eta (<c>reduction_factor</c>).</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>The smallest budget a trial gets (the first rung), in epochs (<c>min_epochs</c>).</summary>
    public int MinEpochs { get; init; } = 1;

    /// <summary>The most epochs any trial trains (<c>training.max_epochs</c>).</summary>
    public int MaxEpochs { get; init; } = 27;

    /// <summary>ASHA family: rungs below this many epochs are skipped, so no trial is judged younger (0: none).</summary>
    public int GracePeriod { get; init; }

    /// <summary>Number of brackets: ASHA defaults to 1; Hyperband (both kinds) to s_max + 1, all of the paper's.</summary>
    public int? Brackets { get; init; }

    public int? MaxTrials { get; init; }
    public long? MaxTotalEpochs { get; init; }
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The most trials training at once, whatever the number of free slots (null: as many as slots).</summary>
    public int? MaxConcurrent { get; init; }

    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Max;

    /// <summary>Which epochs make a trial's objective at a budget (<c>objective.scope</c>).</summary>
    public ObjectiveScope Scope { get; init; } = ObjectiveScope.Last;

    /// <summary>Per-trial early stopping, with any scheduler (null: off).</summary>
    public TrialPatience? EarlyStopping { get; init; }

    /// <summary>Median stopping: no trial is stopped before this epoch.</summary>
    public int MedianGracePeriod { get; init; } = 1;

    /// <summary>Median stopping: at least this many other trials must have reached the epoch.</summary>
    public int MedianMinSamples { get; init; } = 3;

    /// <summary>Problems with these options, one message each naming the spec key (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ReductionFactor < 2)
            errors.Add($"reduction_factor must be >= 2 (got {ReductionFactor})");
        if (MinEpochs < 1)
            errors.Add($"min_epochs must be >= 1 (got {MinEpochs})");
        if (MaxEpochs < MinEpochs)
            errors.Add($"min_epochs ({MinEpochs}) must not exceed max_epochs ({MaxEpochs})");
        if (GracePeriod < 0 || GracePeriod > MaxEpochs)
            errors.Add($"grace_period must be between 0 and max_epochs ({MaxEpochs}) (got {GracePeriod})");
        if (Brackets is < 1)
            errors.Add($"brackets must be >= 1 (got {Brackets})");
        else if (Brackets is { } b && errors.Count == 0 && Kind is SchedulerKind.Hyperband or SchedulerKind.HyperbandAsync
                 && b > HyperbandBrackets.MaxBracket(MaxEpochs / (double)MinEpochs, ReductionFactor) + 1)
            errors.Add($"brackets must be at most {HyperbandBrackets.MaxBracket(MaxEpochs / (double)MinEpochs, ReductionFactor) + 1} for max_epochs/min_epochs = {MaxEpochs / (double)MinEpochs:G4} and eta = {ReductionFactor} (got {b})");
        if (MaxTrials is < 1)
            errors.Add($"max_trials must be >= 1 (got {MaxTrials})");
        if (MaxTotalEpochs is < 1)
            errors.Add($"max_total_epochs must be >= 1 (got {MaxTotalEpochs})");
        if (TimeBudget is { } t && t <= TimeSpan.Zero)
            errors.Add($"time_budget must be positive (got {t})");
        if (MaxConcurrent is < 1)
            errors.Add($"max_concurrent must be >= 1 (got {MaxConcurrent})");
        if (EarlyStopping is { } es)
        {
            if (es.Patience < 1)
                errors.Add($"early_stopping.patience must be >= 1 (got {es.Patience})");
            if (es.MinDelta < 0 || double.IsNaN(es.MinDelta))
                errors.Add($"early_stopping.min_delta must be >= 0 (got {es.MinDelta})");
        }
        if (MedianGracePeriod < 0)
            errors.Add($"median grace period must be >= 0 (got {MedianGracePeriod})");
        if (MedianMinSamples < 1)
            errors.Add($"median min samples must be >= 1 (got {MedianMinSamples})");
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
    }

    /// <summary>The objective as a score where higher is better.</summary>
    public double Score(double objective) => Mode == ObjectiveMode.Max ? objective : -objective;
}

