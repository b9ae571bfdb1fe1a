namespace Hpo.Engine.Options;

public enum LossKind
{
    Auto, Mse, Mae, Msle, Huber, BinaryCrossEntropy, Hinge, SquaredHinge,
    CategoricalCrossEntropy, SparseCategoricalCrossEntropy, KlDivergence,
}

public enum OptimizerKind { Sgd, Momentum, Nesterov, Adagrad, RmsProp, Adam, AdamW }

public enum ScheduleKind { Constant, TimeDecay, Step, Exponential, Cosine, CosineRestarts, ReduceOnPlateau }

public enum ScalingKind { None, Standardize, Normalize }

/// <summary>Whether a metric is better low (a loss) or high (an accuracy): the objective's and the early-stopping monitor's direction.</summary>
public enum ObjectiveMode { Min, Max }

public sealed record ScheduleOptions
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>Time-based decay: lr / (1 + decay * epoch). Exponential: lr * decay^epoch.</summary>
    public double Decay { get; init; } = 0.01;

    /// <summary>Step drop: multiply by DropFactor every DropEvery epochs; ReduceOnPlateau: the factor.</summary>
    public double DropFactor { get; init; } = 0.5;
    public int DropEvery { get; init; } = 10;

    /// <summary>Cosine: the period in epochs (0 = reach the minimum at the last epoch); with restarts, the first cycle's length.</summary>
    public int Period { get; init; }
    public double PeriodMultiplier { get; init; } = 1.0;
    public double MinLearningRate { get; init; }

    /// <summary>Linear warm-up from ~0 to the base rate over this many epochs (any schedule).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>ReduceOnPlateau: epochs without improvement of the validation loss before a drop.</summary>
    public int Patience { get; init; } = 5;
}

public sealed record EarlyStoppingOptions
{
    /// <summary>Metric name: val_loss, val_accuracy, val_mse, val_mae, val_r2, loss, ...</summary>
    public string Monitor { get; init; } = "val_loss";
    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Min;
    public int Patience { get; init; } = 5;
    public double MinDelta { get; init; }
    public bool RestoreBestWeights { get; init; } = true;
}

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

/// <summary>Greedy layer-wise pretraining before the supervised training: none, supervised (grow a layer at a time) or autoencoder.</summary>
public enum PretrainingKind { None, Supervised, Autoencoder }

/// <summary>
/// Greedy layer-wise pretraining: grow the network a hidden layer at a time (supervised), or train an
/// autoencoder per layer (unsupervised), before training the whole network.
/// </summary>
public sealed record PretrainingOptions
{
    public PretrainingKind Kind { get; init; } = PretrainingKind.Supervised;

    /// <summary>Epochs spent on each stage (one stage per hidden layer).</summary>
    public int EpochsPerLayer { get; init; } = 5;

    /// <summary>Keep the already pretrained layers fixed while a new one trains.</summary>
    public bool FreezePretrained { get; init; }
}

/// <summary>How a network initialised from another model's weights trains on.</summary>
public sealed record TransferOptions
{
    /// <summary>The first k hidden layers keep the transferred weights (0 = fine-tune everything).</summary>
    public int FreezeLayers { get; init; }

    /// <summary>Learning rate of the transferred (unfrozen) layers; null = the training learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>How many hidden layers, from the first, came from the source model.</summary>
    public int TransferredLayers { get; init; }

    /// <summary>Keep the source's output layer when its shape fits (same task); by default a new output layer is trained.</summary>
    public bool KeepOutput { get; init; }
}
