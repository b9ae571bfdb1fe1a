namespace Hpo.Engine.Options;

/// <summary>How the network learns: loss, optimiser, batch, schedule, regularisation, scaling, budget.</summary>
public sealed record TrainingOptions
{
    public LossKind Loss { get; init; } = LossKind.Auto;

    /// <summary>Huber's delta.</summary>
    public float HuberDelta { get; init; } = 1f;

    /// <summary>Per-class weights; null = none. Use <see cref="BalancedClassWeights"/> for 'balanced'.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }
    public bool BalancedClassWeights { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public double LearningRate { get; init; } = 0.001;
    public double Momentum { get; init; } = 0.9;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-7;
    public double Rho { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 0.01;
    public double L1 { get; init; }
    public double L2 { get; init; }

    /// <summary>Samples per update; 0 = the whole training set (full batch).</summary>
    public int BatchSize { get; init; } = 32;
    public bool Shuffle { get; init; } = true;

    public ScheduleOptions Schedule { get; init; } = new();

    /// <summary>Clip the global gradient norm to this value (null = off).</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clip every gradient element to [-v, v] (null = off).</summary>
    public double? ClipValue { get; init; }

    public ScalingKind InputScaling { get; init; } = ScalingKind.Standardize;
    public ScalingKind TargetScaling { get; init; } = ScalingKind.None;

    public int MaxEpochs { get; init; } = 20;
    public EarlyStoppingOptions? EarlyStopping { get; init; }
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Threads one training step may use (intra-op: large matrix products are split over them); 1 keeps a
    /// trial on one core, which is what a sweep running a trial per core wants. Results do not depend on it.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Greedy layer-wise pretraining before the main training (null = none).</summary>
    public PretrainingOptions? Pretraining { get; init; }

    /// <summary>Freezing and learning rate of layers whose weights come from another model (null = no transfer).</summary>
    public TransferOptions? Transfer { get; init; }
}
