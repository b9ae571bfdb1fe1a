using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Divergence: a non-finite training or validation loss (the session stops there), or a training loss
/// that rose sharply: above the first epoch's and more than <see cref="IssueThresholds.DivergenceRise"/>
/// times the best so far.
/// </summary>
internal sealed class DivergenceCheck(IssueThresholds limits) : IEpochCheck
{
    private double _first = double.NaN;
    private double _best = double.PositiveInfinity;
    private int _bestEpoch;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(EpochMetrics m, IssuesLog log)
    {
        if (m.Diverged)
        {
            bool train = !double.IsFinite(m.TrainLoss);
            string which = train ? "training" : "validation";
            double value = train ? m.TrainLoss : m.ValLoss ?? double.NaN;
            log.Add(IssueKind.Divergence, m.Epoch, $"the {which} loss became non-finite ({Evidence.N(value)}); training stopped",
                new Dictionary<string, double> { [train ? "train_loss" : "val_loss"] = value, ["best_train_loss"] = _best });
            return;
        }
        double loss = m.TrainLoss;
        if (double.IsNaN(_first)) _first = loss;
        if (loss > _first && loss > limits.DivergenceRise * _best && !log.Recur(IssueKind.Divergence, m.Epoch))
            log.Add(IssueKind.Divergence, m.Epoch,
                $"the training loss rose to {Evidence.N(loss)}, {Evidence.N(loss / _best)} times its best {Evidence.N(_best)} (epoch {_bestEpoch}) and above its first {Evidence.N(_first)}",
                new Dictionary<string, double> { ["train_loss"] = loss, ["best_train_loss"] = _best, ["best_epoch"] = _bestEpoch, ["first_train_loss"] = _first });
        if (loss < _best)
        {
            _best = loss;
            _bestEpoch = m.Epoch;
        }
    }

    public void Reset()
    {
        _first = double.NaN;
        _best = double.PositiveInfinity;
        _bestEpoch = 0;
    }
}
