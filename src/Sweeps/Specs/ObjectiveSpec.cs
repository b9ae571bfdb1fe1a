using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// The metric a run is judged by, whether higher (max) or lower (min) is better, and which epochs of a trial make its
/// objective (<see cref="Scope"/>: its last epoch unless the spec says otherwise).
/// </summary>
public sealed record ObjectiveSpec(string Metric, ObjectiveMode Mode)
{
    public ObjectiveScope Scope { get; init; } = ObjectiveScope.Last;

    /// <summary>Validation accuracy for classification, validation loss otherwise.</summary>
    public static ObjectiveSpec DefaultFor(Hpo.Engine.Options.TaskKind? task) =>
        task == Hpo.Engine.Options.TaskKind.Classification
            ? new ObjectiveSpec("val_accuracy", ObjectiveMode.Max)
            : new ObjectiveSpec("val_loss", ObjectiveMode.Min);
}
