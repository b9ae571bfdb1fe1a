namespace Hpo.Engine.Training;

/// <summary>Loss and task metrics of a model on one dataset (regression metrics in the target's own units).</summary>
public sealed record Evaluation(int Samples, double Loss, double? Accuracy, double? Mse, double? Mae, double? R2);
