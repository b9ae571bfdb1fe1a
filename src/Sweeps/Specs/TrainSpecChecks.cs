using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Checks that span sections (task against loss, scaling, class weights and metrics; metrics against
/// the validation split; transfer against the model). Pure: reads a settled spec, reports at the
/// recorded lines. A sweep runs them on each sampled configuration.
/// </summary>
public static class TrainSpecChecks
{
    public static void Check(TrainSpec spec, TaskKind? givenTask, SpecContext context)
    {
        var known = DataSection.KnownTask(spec.Data.Dataset);
        if (givenTask is { } given && known is { } implied && given != implied)
            context.Error("task", $"is {Name(given)} but dataset {spec.Data.Dataset} is a {Name(implied)} dataset");

        var training = spec.Training;
        var task = spec.Task;
        if (task == TaskKind.Regression)
        {
            if (TrainingSection.ClassificationLosses.Contains(training.Loss))
                context.Error("training.loss", $"{TrainingSection.Loss.NameOf(training.Loss)} is a classification loss; the task is regression");
            if (training.BalancedClassWeights || training.ClassWeights is not null)
                context.Error("training.class_weights", "applies to classification only; the task is regression");
        }
        if (task == TaskKind.Classification && training.TargetScaling != ScalingKind.None)
            context.Error("training.target_scaling", "applies to regression only; the task is classification");

        if (training.ClassWeights is { } weights && DataSection.KnownClassCount(spec.Data) is { } classes && weights.Count != classes)
            context.Error("training.class_weights", $"lists {weights.Count} weights but {spec.Data.Dataset} has {classes} classes");

        if (spec.Objective is { } objective)
            CheckMetric(objective.Metric, Where(context, "objective.metric", "objective"), spec, context);
        if (training.EarlyStopping is { } stopping && context.Locations.Contains("training.early_stopping.monitor"))
            CheckMetric(stopping.Monitor, "training.early_stopping.monitor", spec, context);
        else if (training.EarlyStopping is { } defaulted && spec.Objective is null)
            CheckMetric(defaulted.Monitor, "training.early_stopping", spec, context);

        var hiddenLayers = spec.Model.HiddenUnits.Count;
        if (ModelBounds.HiddenWeights(spec.Model.HiddenUnits) is var hiddenWeights and > ModelBounds.MaxHiddenWeights)
            context.Error(Where(context, "model.hidden", Where(context, "model.units", "model")),
                $"{hiddenLayers} hidden layers of {string.Join(", ", spec.Model.HiddenUnits)} units hold {hiddenWeights} weights between them; at most {ModelBounds.MaxHiddenWeights} are allowed");
        if (spec.Transfer is { } transfer)
        {
            if (spec.Pretraining != PretrainingKind.None)
                context.Error("training.transfer", "give pretraining or transfer, not both");
            if (transfer.Freeze > hiddenLayers)
                context.Error(Where(context, "training.transfer.freeze", "training.transfer"),
                    $"must be <= the number of hidden layers ({hiddenLayers}) (got {transfer.Freeze})");
        }
        if (spec.Pretraining != PretrainingKind.None && hiddenLayers == 0)
            context.Error("training.pretraining", "needs at least one hidden layer (model.layers is 0)");
    }

    private static void CheckMetric(string metric, string path, TrainSpec spec, SpecContext context)
    {
        if (MetricNames.OnlyFor(metric) is { } needs && spec.Task is { } task && needs != task)
            context.Error(path, $"{metric} is a {Name(needs)} metric; the task is {Name(task)}");
        else if (MetricNames.IsValidation(metric) && spec.Data.Validation == 0)
            context.Error(path, $"{metric} needs a validation split, but data.validation is 0");
    }

    private static string Where(SpecContext context, string path, string fallback) =>
        context.Locations.Contains(path) ? path : fallback;

    private static string Name(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";
}
