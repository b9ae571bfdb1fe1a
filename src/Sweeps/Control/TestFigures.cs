using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>A trial's model at <see cref="Epoch"/> on the test split: its loss, and accuracy (classification) or mse, mae and r2 (regression).</summary>
public sealed record TestFigures(int Trial, int Epoch, int Samples, double Loss, double? Accuracy, double? Mse, double? Mae, double? R2)
{
    public static TestFigures Of(int trial, int epoch, Evaluation test) =>
        new(trial, epoch, test.Samples, test.Loss, test.Accuracy, test.Mse, test.Mae, test.R2);

    /// <summary>"best trial 4 on the test set (360 samples): loss 0.0831, accuracy 0.975" (or mse, mae and r2 for regression).</summary>
    public string Describe()
    {
        return $"best trial {Trial} on the test set ({Samples} samples): {TestText.Figures(Loss, Accuracy, Mse, Mae, R2)}";
    }
}
