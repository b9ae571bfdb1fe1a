using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Slow learning (a plateau from the start): after <see cref="IssueThresholds.SlowLearningEpochs"/> epochs
/// every epoch's training loss is still within <see cref="IssueThresholds.SlowLearningChange"/> of the
/// first epoch's, up or down, so the learning rate is too small or the gradients do not reach the weights.
/// </summary>
internal sealed class SlowLearningCheck(IssueThresholds limits) : IEpochCheck
{
    private double _first = double.NaN;
    private double _low = double.PositiveInfinity;
    private double _high = double.NegativeInfinity;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(EpochMetrics m, IssuesLog log)
    {
        double loss = m.TrainLoss;
        if (m.Diverged || !double.IsFinite(loss)) return;
        if (double.IsNaN(_first)) _first = loss;
        _low = Math.Min(_low, loss);
        _high = Math.Max(_high, loss);
        if (m.Epoch < limits.SlowLearningEpochs || !(_first > 0)) return;
        double moved = (_high - _low) / _first;
        if (moved < limits.SlowLearningChange && !log.Recur(IssueKind.SlowLearning, m.Epoch))
            log.Add(IssueKind.SlowLearning, m.Epoch,
                $"the training loss stayed within {Evidence.Percent(moved)} of its first epoch's {Evidence.N(_first)} for {m.Epoch} epochs "
                + $"(now {Evidence.N(loss)}, learning rate {Evidence.N(m.LearningRate)})",
                new Dictionary<string, double> { ["first_train_loss"] = _first, ["train_loss"] = loss, ["relative_change"] = moved, ["epochs"] = m.Epoch });
    }

    public void Reset()
    {
        _first = double.NaN;
        _low = double.PositiveInfinity;
        _high = double.NegativeInfinity;
    }
}
