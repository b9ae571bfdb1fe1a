using System.Globalization;
using Hpo.Engine.Options;

namespace Hpo.Cli;

/// <summary>One human-readable line per epoch: `epoch 3/30  loss 0.1234  accuracy 0.9650  val_loss ...`.</summary>
public static class EpochFormat
{
    public static string Line(EpochMetrics m, int maxEpochs)
    {
        var parts = new List<string> { $"epoch {m.Epoch,3}/{maxEpochs}", $"loss {F(m.TrainLoss)}" };
        Add(parts, "accuracy", m.TrainAccuracy);
        Add(parts, "mse", m.TrainMse);
        Add(parts, "val_loss", m.ValLoss);
        Add(parts, "val_accuracy", m.ValAccuracy);
        Add(parts, "val_mse", m.ValMse);
        Add(parts, "val_mae", m.ValMae);
        Add(parts, "val_r2", m.ValR2);
        parts.Add($"lr {m.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}");
        parts.Add($"{m.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} samples/s");
        if (m.Diverged) parts.Add("DIVERGED");
        return string.Join("  ", parts);
    }

    private static void Add(List<string> parts, string name, double? value)
    {
        if (value is double v) parts.Add($"{name} {F(v)}");
    }

    public static string F(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
}
