namespace Hpo.Engine.Options;

/// <summary>
/// The one list of metrics by their spec names: what an epoch measures (<see cref="EpochMetrics.Get"/>), what an
/// objective or early stopping may watch, which way each improves and the task each exists for.
/// </summary>
public static class MetricNames
{
    public const string ValidationPrefix = "val_";

    /// <summary>Measured on the training split while it trains (running means, in training mode). R² is not: it needs the whole split.</summary>
    public static IReadOnlyList<string> Training { get; } = ["loss", "accuracy", "mse", "mae"];

    /// <summary>Measured on the validation split after each epoch.</summary>
    public static IReadOnlyList<string> Validation { get; } = ["val_loss", "val_accuracy", "val_mse", "val_mae", "val_r2"];

    /// <summary>Every metric, validation first (the ones an objective watches).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Validation, .. Training];

    public static bool IsValidation(string metric) => metric.StartsWith(ValidationPrefix, StringComparison.Ordinal);

    public static string Base(string metric) => IsValidation(metric) ? metric[ValidationPrefix.Length..] : metric;

    /// <summary>Accuracy and R² improve upwards; losses and errors downwards.</summary>
    public static ObjectiveMode DefaultMode(string metric) => Base(metric) is "accuracy" or "r2" ? ObjectiveMode.Max : ObjectiveMode.Min;

    /// <summary>The task a metric exists for; null when it exists for both.</summary>
    public static TaskKind? OnlyFor(string metric) => Base(metric) switch
    {
        "accuracy" => TaskKind.Classification,
        "mse" or "mae" or "r2" => TaskKind.Regression,
        _ => null,
    };
}
