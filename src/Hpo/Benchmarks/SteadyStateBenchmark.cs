using System.Diagnostics;
using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Training;
using static Hpo.Benchmarks.EngineBenchmark;

namespace Hpo.Benchmarks;

/// <summary>
/// The steady-state figures of <c>hpo bench engine</c>: one session trains a <see cref="SteadyStateCase"/>
/// for all its epochs, each epoch's bare training steps timed (as the PyTorch script times them, no
/// warm-up beyond the first epoch, which neither figure counts); the median rate of the early epochs
/// and of the last ones are printed as two lines of the script's format.
/// </summary>
public static class SteadyStateBenchmark
{
    /// <summary>The two lines (early, late) and an information line, for one case and thread count.</summary>
    /// <param name="epochs">Epochs to train (0: the case's own); the late window shrinks to fit.</param>
    /// <param name="countSubnormals">Counts the subnormal floats of every step (slows the figures: a probe).</param>
    public static IEnumerable<string> Lines(SteadyStateCase c, Dataset train, int threads, int epochs, bool countSubnormals)
    {
        epochs = epochs > 0 ? epochs : c.Epochs;
        var split = new DataSplit(train, train.Subset([]), null);
        var session = new TrainingSession(c.Model, c.Training(threads, epochs), split);
        var census = countSubnormals ? new SubnormalCensus() : null;
        session.Census = census;
        var rates = new List<double>(epochs);
        double loss = double.NaN;
        var clock = new Stopwatch();
        for (int e = 0; e < epochs; e++)
        {
            clock.Restart();
            loss = session.TrainSteps();
            rates.Add(split.Train.Samples / clock.Elapsed.TotalSeconds);
        }

        var (earlyFirst, earlyLast) = (Math.Min(c.Early.First, epochs), Math.Min(c.Early.Last, epochs));
        int lateFirst = Math.Max(earlyLast + 1, epochs - c.LateEpochs + 1);
        if (lateFirst > epochs) lateFirst = epochs;
        double early = Median(rates.GetRange(earlyFirst - 1, earlyLast - earlyFirst + 1));
        double late = Median(rates.GetRange(lateFirst - 1, epochs - lateFirst + 1));
        int parameters = session.Network.TrainableParameterCount;
        yield return Line(c.Name + "-early", threads, early, parameters);
        yield return Line(c.Name + "-late", threads, late, parameters) + Invariant($" late_over_early={late / early:F3}");
        yield return Invariant($"#   params={parameters} batch={c.Batch} n={split.Train.Samples} opt=adam lr={c.LearningRate} epochs={epochs} early_epochs={earlyFirst}-{earlyLast} late_epochs={lateFirst}-{epochs} last_epoch_loss={loss:G4}")
            + (census is null ? "" : $" subnormals: {census}")
            + " epoch_rates=[" + string.Join(", ", rates.Select(r => Math.Round(r).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
    }
}
