using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Oscillating loss: over the last <see cref="IssueThresholds.OscillationWindow"/> epoch-to-epoch changes the loss
/// changes direction at least <see cref="IssueThresholds.OscillationSignChanges"/> times with large steps: the mean
/// |change| is a large fraction both of the window's mean loss and of the first epoch's loss (the problem's loss scale,
/// so the jitter of a nearly converged run at a tiny loss does not count). The validation loss is used when there is
/// one: it is measured at one point in eval mode, while the training loss is a running mean that batch normalisation
/// and dropout make noisy; without a validation split the training loss is used.
/// </summary>
internal sealed class OscillationCheck(IssueThresholds limits) : IEpochCheck
{
    private readonly List<double> _losses = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(EpochMetrics m, IssuesLog log)
    {
        if (m.Diverged) return;
        bool validation = m.ValLoss is not null;
        double loss = m.ValLoss ?? m.TrainLoss;
        if (!double.IsFinite(loss)) return;
        _losses.Add(loss);
        int w = limits.OscillationWindow;
        if (_losses.Count < w + 1) return;
        int start = _losses.Count - (w + 1);
        int flips = 0;
        double path = 0, sum = _losses[start], previous = 0;
        for (int i = start + 1; i < _losses.Count; i++)
        {
            double change = _losses[i] - _losses[i - 1];
            if (i > start + 1 && Math.Sign(change) * Math.Sign(previous) < 0) flips++;
            previous = change;
            path += Math.Abs(change);
            sum += _losses[i];
        }
        double step = path / w, level = sum / (w + 1), first = _losses[0];
        double ofLevel = step / level, ofFirst = step / first;
        if (flips < limits.OscillationSignChanges || !(ofLevel > limits.OscillationStepOfLevel) || !(ofFirst > limits.OscillationStepOfFirst)
            || log.Recur(IssueKind.OscillatingLoss, m.Epoch)) return;
        string which = validation ? "validation" : "training";
        log.Add(IssueKind.OscillatingLoss, m.Epoch,
            $"the {which} loss changed direction {flips} times in {w} epochs (epochs {m.Epoch - w} to {m.Epoch}) with a mean step of {Evidence.N(step)}, "
            + $"{Evidence.Percent(ofLevel)} of its level {Evidence.N(level)} and {Evidence.Percent(ofFirst)} of its first epoch's {Evidence.N(first)}",
            new Dictionary<string, double>
            {
                ["sign_changes"] = flips, ["window"] = w, ["mean_step"] = step, ["mean_loss"] = level, ["first_loss"] = first,
            });
    }

    public void Reset() => _losses.Clear();
}
