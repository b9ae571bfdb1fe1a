using Hpo.Engine.Options;

namespace Hpo.Coordinator.Specs;

/// <summary>The metrics an objective or early stopping may watch, and which way each improves.</summary>
public static class MetricNames
{
    public const string ValidationPrefix = "val_";

    public static IReadOnlyList<string> Training { get; } = ["loss", "accuracy", "mse", "mae", "r2"];
    public static IReadOnlyList<string> Validation { get; } = Training.Select(m => ValidationPrefix + m).ToList();
    public static IReadOnlyList<string> All { get; } = Validation.Concat(Training).ToList();

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

    public static EnumReader<ObjectiveMode> Mode { get; } = SpecValues.Enum("mode", ("min", ObjectiveMode.Min), ("max", ObjectiveMode.Max));
}
