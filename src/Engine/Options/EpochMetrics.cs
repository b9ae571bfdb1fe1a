namespace Hpo.Engine.Options;

/// <summary>What one epoch measured, on the training split (running, in training mode) and the validation split.</summary>
public sealed record EpochMetrics
{
    public required int Epoch { get; init; }
    public required double LearningRate { get; init; }
    public required double TrainLoss { get; init; }
    public double? TrainAccuracy { get; init; }
    public double? TrainMse { get; init; }
    public double? TrainMae { get; init; }
    public double? ValLoss { get; init; }
    public double? ValAccuracy { get; init; }
    public double? ValMse { get; init; }
    public double? ValMae { get; init; }
    public double? ValR2 { get; init; }

    /// <summary>Mean over the epoch's batches of each dense layer's weight-gradient norm, first layer first.</summary>
    public required IReadOnlyList<double> GradientNorms { get; init; }

    /// <summary>Mean global gradient norm (all trainable parameters, before clipping).</summary>
    public double GlobalGradientNorm { get; init; }
    public double Seconds { get; init; }
    public double SamplesPerSecond { get; init; }
    public bool Diverged { get; init; }

    /// <summary>A metric by its spec name (<see cref="MetricNames.All"/>).</summary>
    public double? Get(string name) => name switch
    {
        "loss" or "train_loss" => TrainLoss,
        "accuracy" or "train_accuracy" => TrainAccuracy,
        "mse" or "train_mse" => TrainMse,
        "mae" or "train_mae" => TrainMae,
        "val_loss" => ValLoss,
        "val_accuracy" => ValAccuracy,
        "val_mse" => ValMse,
        "val_mae" => ValMae,
        "val_r2" => ValR2,
        _ => throw new TrainingSetupException($"unknown metric '{name}' (known: {string.Join(", ", MetricNames.All)})"),
    };
}
