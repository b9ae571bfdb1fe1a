namespace Hpo.Sweeps.Search;

/// <summary>The <c>search</c> section of a sweep: how trials are proposed, scheduled and budgeted.</summary>
public sealed record SearchOptions
{
    public const int DefaultMaxTrials = 20;

    public SamplerKind Sampler { get; init; } = SamplerKind.Random;
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Fifo;

    /// <summary>eta: a rung keeps the top 1/eta of its trials; &gt;= 2.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>The minimum resource: epochs of the first rung; &gt;= 1.</summary>
    public int MinEpochs { get; init; } = 1;

    /// <summary>The maximum resource: <c>training.max_epochs</c>, the epochs of a trial trained to the end.</summary>
    public int MaxEpochs { get; init; } = 20;

    /// <summary>Epochs a trial runs before a stopping rule (median, early stopping) may stop it; defaults to <see cref="MinEpochs"/>.</summary>
    public int GracePeriod { get; init; } = 1;

    /// <summary>Brackets of Hyperband or ASHA; null: the scheduler's default (all of Hyperband's, one for ASHA).</summary>
    public int? Brackets { get; init; }

    /// <summary>The sweep ends after this many trials (null: no such limit).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>At most this many trials train at once (null: as many as there are training slots).</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>The sweep's weight when the cluster's slots are shared between sweeps (twice the priority: twice the slots).</summary>
    public double Priority { get; init; } = 1;

    /// <summary>The sweep ends when its trials have trained this many epochs in all (null: no such limit).</summary>
    public int? MaxTotalEpochs { get; init; }

    /// <summary>The sweep ends after this much wall-clock time (null: no such limit).</summary>
    public TimeSpan? TimeBudget { get; init; }

    public TrialPatience? EarlyStopping { get; init; }

    /// <summary>Grid points per continuous range (and per integer range holding more integers than this).</summary>
    public int GridPoints { get; init; } = 5;

    /// <summary>Sobol: scramble the sequence (random linear matrix scramble and digital shift) with the sweep's seed.</summary>
    public bool Scramble { get; init; } = true;

    public TpeOptions Tpe { get; init; } = new();

    /// <summary>
    /// Once the sweep is over, train its best configuration again on training + validation for the epochs at which
    /// the best trial was best, evaluate it on the test split and keep it as the sweep's model (scikit-learn's refit).
    /// </summary>
    public bool Refit { get; init; }

    /// <summary>
    /// The largest number of Hyperband brackets for these resources: s_max + 1 with
    /// s_max = floor(log_eta(max / min)).
    /// </summary>
    public int MaxBrackets
    {
        get
        {
            int s = 0;
            for (long r = MinEpochs; r * ReductionFactor <= MaxEpochs; r *= ReductionFactor) s++;
            return s + 1;
        }
    }
}
