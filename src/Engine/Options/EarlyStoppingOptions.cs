namespace Hpo.Engine.Options;

public sealed record EarlyStoppingOptions
{
    /// <summary>Metric name: val_loss, val_accuracy, val_mse, val_mae, val_r2, loss, ...</summary>
    public string Monitor { get; init; } = "val_loss";
    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Min;
    public int Patience { get; init; } = 5;
    public double MinDelta { get; init; }
    public bool RestoreBestWeights { get; init; } = true;
}
