using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Over-fitting: the validation loss has not improved on its best for <see cref="IssueThresholds.OverfittingPatience"/>
/// epochs and now exceeds it by <see cref="IssueThresholds.OverfittingRise"/>, while the training loss kept falling:
/// it is <see cref="IssueThresholds.OverfittingTrainFall"/> below its value at the best validation epoch, still below
/// every training loss up to half the patience ago, and below the validation loss (a generalisation gap has opened).
/// </summary>
internal sealed class OverfittingCheck(IssueThresholds limits) : IEpochCheck
{
    private readonly List<double> _train = [];
    private double _bestVal = double.PositiveInfinity;
    private int _bestEpoch;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(EpochMetrics m, IssuesLog log)
    {
        if (m.Diverged || m.ValLoss is not double val || !double.IsFinite(val)) return;
        _train.Add(m.TrainLoss);
        int e = _train.Count; // epochs with a validation loss, 1-based
        if (val < _bestVal)
        {
            _bestVal = val;
            _bestEpoch = e;
            return;
        }
        if (e - _bestEpoch < limits.OverfittingPatience || !(val > _bestVal * (1 + limits.OverfittingRise))) return;
        double train = m.TrainLoss, trainAtBest = _train[_bestEpoch - 1];
        double earlierLow = double.PositiveInfinity;
        for (int i = 0; i < e - limits.OverfittingPatience / 2; i++) earlierLow = Math.Min(earlierLow, _train[i]);
        bool falling = train < (1 - limits.OverfittingTrainFall) * trainAtBest && train < earlierLow && train < val;
        if (!falling || log.Recur(IssueKind.Overfitting, m.Epoch)) return;
        int bestEpoch = m.Epoch - (e - _bestEpoch);
        log.Add(IssueKind.Overfitting, m.Epoch,
            $"the validation loss rose {Evidence.Percent(val / _bestVal - 1)} from its best {Evidence.N(_bestVal)} (epoch {bestEpoch}) to {Evidence.N(val)} "
            + $"while the training loss fell from {Evidence.N(trainAtBest)} to {Evidence.N(train)}",
            new Dictionary<string, double>
            {
                ["best_val_loss"] = _bestVal, ["best_epoch"] = bestEpoch, ["val_loss"] = val,
                ["train_loss_at_best"] = trainAtBest, ["train_loss"] = train,
            });
    }

    public void Reset()
    {
        _train.Clear();
        _bestVal = double.PositiveInfinity;
        _bestEpoch = 0;
    }
}
