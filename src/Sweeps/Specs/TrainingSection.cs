using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>The <c>training</c> section: how the network learns, into <see cref="TrainingOptions"/>.</summary>
public static class TrainingSection
{
    public const string Path = "training";

    public static EnumReader<LossKind> Loss { get; } = SpecValues.Enum("loss",
        ("auto", LossKind.Auto), ("mse", LossKind.Mse), ("mae", LossKind.Mae), ("msle", LossKind.Msle),
        ("huber", LossKind.Huber), ("binary_crossentropy", LossKind.BinaryCrossEntropy), ("hinge", LossKind.Hinge),
        ("squared_hinge", LossKind.SquaredHinge), ("categorical_crossentropy", LossKind.CategoricalCrossEntropy),
        ("sparse_categorical_crossentropy", LossKind.SparseCategoricalCrossEntropy), ("kl_divergence", LossKind.KlDivergence));

    public static EnumReader<OptimizerKind> Optimizer { get; } = SpecValues.Enum("optimizer",
        ("sgd", OptimizerKind.Sgd), ("momentum", OptimizerKind.Momentum), ("nesterov", OptimizerKind.Nesterov),
        ("adagrad", OptimizerKind.Adagrad), ("rmsprop", OptimizerKind.RmsProp), ("adam", OptimizerKind.Adam),
        ("adamw", OptimizerKind.AdamW));

    public static EnumReader<ScalingKind> Scaling { get; } = SpecValues.Enum("scaling",
        ("standardize", ScalingKind.Standardize), ("normalize", ScalingKind.Normalize), ("none", ScalingKind.None));

    /// <summary>Losses that only make sense for class labels.</summary>
    public static IReadOnlySet<LossKind> ClassificationLosses { get; } = new HashSet<LossKind>
    {
        LossKind.BinaryCrossEntropy, LossKind.Hinge, LossKind.SquaredHinge, LossKind.CategoricalCrossEntropy,
        LossKind.SparseCategoricalCrossEntropy, LossKind.KlDivergence,
    };

    public static SpecTable<TrainingDraft> Table { get; } = new("training",
        Set("loss", Loss, (o, v) => o with { Loss = v }),
        Set("huber_delta", SpecValues.Positive, (o, v) => o with { HuberDelta = (float)v }),
        Set("class_weights", new ClassWeightsReader(), (o, v) => o with { BalancedClassWeights = v.Balanced, ClassWeights = v.Weights }),
        Set("optimizer", Optimizer, (o, v) => o with { Optimizer = v }),
        Set("learning_rate", SpecValues.Positive, (o, v) => o with { LearningRate = v }),
        Set("momentum", SpecValues.UnitHalfOpen, (o, v) => o with { Momentum = v }),
        Set("beta1", SpecValues.UnitHalfOpen, (o, v) => o with { Beta1 = v }),
        Set("beta2", SpecValues.UnitHalfOpen, (o, v) => o with { Beta2 = v }),
        Set("epsilon", SpecValues.Positive, (o, v) => o with { Epsilon = v }),
        Set("rho", SpecValues.UnitHalfOpen, (o, v) => o with { Rho = v }),
        Set("weight_decay", SpecValues.NonNegative, (o, v) => o with { WeightDecay = v }),
        Set("l1", SpecValues.NonNegative, (o, v) => o with { L1 = v }),
        Set("l2", SpecValues.NonNegative, (o, v) => o with { L2 = v }),
        Set("batch_size", new BatchSizeReader(), (o, v) => o with { BatchSize = v }),
        Set("shuffle", SpecValues.Bool, (o, v) => o with { Shuffle = v }),
        Set("schedule", new ScheduleReader(), (o, v) => o with { Schedule = v }),
        SpecKey.Of<TrainingDraft, int>("warmup_epochs", SpecValues.NonNegativeInteger, (d, v) => d with { WarmupEpochs = v }),
        Set("clip_norm", SpecValues.OptionalPositive, (o, v) => o with { ClipNorm = v }),
        Set("clip_value", SpecValues.OptionalPositive, (o, v) => o with { ClipValue = v }),
        Set("input_scaling", Scaling, (o, v) => o with { InputScaling = v }),
        Set("target_scaling", Scaling, (o, v) => o with { TargetScaling = v }),
        Set("max_epochs", SpecValues.Epochs, (o, v) => o with { MaxEpochs = v }),
        SpecKey.Of<TrainingDraft, EarlyStoppingDraft>("early_stopping", new EarlyStoppingReader(), (d, v) => d with { EarlyStopping = v }),
        SpecKey.Of<TrainingDraft, PretrainingKind>("pretraining", TransferReader.Pretraining, (d, v) => d with { Pretraining = v }),
        Set("pretraining_epochs", SpecValues.Epochs, (o, v) => o with { Pretraining = (o.Pretraining ?? new PretrainingOptions()) with { EpochsPerLayer = v } }),
        Set("pretraining_freeze", SpecValues.Bool, (o, v) => o with { Pretraining = (o.Pretraining ?? new PretrainingOptions()) with { FreezePretrained = v } }),
        SpecKey.Of<TrainingDraft, TransferSpec?>("transfer", new TransferReader(), (d, v) => d with { Transfer = v }));

    private static SpecKey<TrainingDraft, T> Set<T>(string name, SpecValueReader<T> reader, Func<TrainingOptions, T, TrainingOptions> set) =>
        new(name, reader, (d, v) => d with { Options = set(d.Options, v) });

    public static TrainingDraft Read(SpecEntry? entry, SpecContext context) =>
        entry is null ? new TrainingDraft() : Table.ReadFixed(entry.Value, Path, new TrainingDraft(), context);

    /// <summary>Settles the keys that depend on each other; conflicts are reported at the keys' recorded lines.</summary>
    public static TrainingOptions Build(TrainingDraft draft, ObjectiveSpec? objective, int? seed, SpecContext context)
    {
        var options = draft.Options;
        if (draft.WarmupEpochs is { } warmup)
        {
            if (options.Schedule.WarmupEpochs != 0 && options.Schedule.WarmupEpochs != warmup)
                context.Error(SpecPath.Join(Path, "warmup_epochs"),
                    $"is {warmup} but {Path}.schedule.warmup_epochs is {options.Schedule.WarmupEpochs}; give one of them");
            options = options with { Schedule = options.Schedule with { WarmupEpochs = warmup } };
        }

        if (options.Schedule.WarmupEpochs >= options.MaxEpochs && options.Schedule.WarmupEpochs > 0)
            context.Error(SpecPath.Join(Path, draft.WarmupEpochs is null ? "schedule.warmup_epochs" : "warmup_epochs"),
                $"must be < max_epochs ({options.MaxEpochs}) (got {options.Schedule.WarmupEpochs})");

        if (options.Schedule.Kind != ScheduleKind.Constant && options.Schedule.MinLearningRate >= options.LearningRate)
            context.Error(SpecPath.Join(Path, "schedule.min_learning_rate"),
                $"must be < learning_rate ({SpecScalars.Show(options.LearningRate)}) (got {SpecScalars.Show(options.Schedule.MinLearningRate)})");

        if (seed is { } s) options = options with { Seed = s };
        return options with { EarlyStopping = draft.EarlyStopping?.Build(objective) };
    }
}
