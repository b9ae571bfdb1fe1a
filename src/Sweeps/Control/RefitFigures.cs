using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>
/// The refit of trial <see cref="Trial"/>'s configuration: trained from scratch on <see cref="TrainSamples"/> training
/// + validation samples for <see cref="Epochs"/> epochs; its test figures (null without a test split): samples,
/// loss, and accuracy (classification) or mse, mae and r2 (regression).
/// </summary>
public sealed record RefitFigures(int Trial, int Epochs, int TrainSamples, int? Samples, double? Loss, double? Accuracy,
    double? Mse, double? Mae, double? R2)
{
    public static RefitFigures Of(int trial, int epochs, int trainSamples, Evaluation? test) =>
        new(trial, epochs, trainSamples, test?.Samples, test?.Loss, test?.Accuracy, test?.Mse, test?.Mae, test?.R2);

    /// <summary>"refit of trial 4 on training + validation (1437 samples, 14 epochs) on the test set (360 samples): loss 0.07, accuracy 0.98".</summary>
    public string Describe()
    {
        var refit = $"refit of trial {Trial} on training + validation ({TrainSamples} samples, {Epochs} epochs)";
        if (Samples is null) return $"{refit}: no test split";
        return $"{refit} on the test set ({Samples} samples): {TestText.Figures(Loss, Accuracy, Mse, Mae, R2)}";
    }
}
