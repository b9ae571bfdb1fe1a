using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Runs one of the book's experiments: a fixed-seed split of a dataset, one model trained to the end.</summary>
internal static class Experiment
{
    public static TrainingSession Train(Dataset data, ModelOptions model, TrainingOptions training, double validation = 0.5)
    {
        var split = DataSplitter.Split(data, validation, 0, seed: 1);
        var session = new TrainingSession(model, training, split);
        session.Run();
        return session;
    }

    /// <summary>The first epoch (1-based) whose metric reaches the target, or int.MaxValue if none does.</summary>
    public static int EpochsToReach(IReadOnlyList<EpochMetrics> curve, string metric, double target, bool higherIsBetter)
    {
        foreach (var m in curve)
        {
            var v = m.Get(metric);
            if (v is double x && (higherIsBetter ? x >= target : x <= target)) return m.Epoch;
        }
        return int.MaxValue;
    }

    /// <summary>Standard deviation of the epoch-to-epoch changes of a metric from a given epoch on.</summary>
    public static double Volatility(IReadOnlyList<EpochMetrics> curve, string metric, int fromEpoch)
    {
        var values = curve.Where(m => m.Epoch >= fromEpoch).Select(m => m.Get(metric)!.Value).ToArray();
        var steps = values.Zip(values.Skip(1), (a, b) => b - a).ToArray();
        double mean = steps.Average();
        return Math.Sqrt(steps.Sum(d => (d - mean) * (d - mean)) / steps.Length);
    }
}
