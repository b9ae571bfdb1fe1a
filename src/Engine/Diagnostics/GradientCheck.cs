using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Exploding gradients: the epoch's mean global gradient norm (before clipping) above an absolute limit or
/// far above the first epoch's. Vanishing gradients: the first dense layer's mean weight-gradient norm a
/// tiny fraction of the last (output) layer's, so the early layers barely learn.
/// </summary>
internal sealed class GradientCheck(IssueThresholds limits) : IEpochCheck
{
    private double _early = double.NaN;
    private int _earlyEpoch;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(EpochMetrics m, IssuesLog log)
    {
        double norm = m.GlobalGradientNorm;
        if (double.IsNaN(norm)) return; // no batch completed
        if (double.IsNaN(_early) && double.IsFinite(norm))
        {
            _early = norm;
            _earlyEpoch = m.Epoch;
        }
        bool overLimit = !double.IsFinite(norm) || norm > limits.ExplodingNormLimit;
        bool grown = norm > limits.ExplodingNormGrowth * _early;
        if ((overLimit || grown) && !log.Recur(IssueKind.ExplodingGradients, m.Epoch))
            log.Add(IssueKind.ExplodingGradients, m.Epoch,
                $"mean global gradient norm {Evidence.N(norm)}"
                + (grown
                    ? $", {Evidence.N(norm / _early)} times its {Evidence.N(_early)} in epoch {_earlyEpoch} (limit {Evidence.N(limits.ExplodingNormGrowth)} times)"
                    : $" (limit {Evidence.N(limits.ExplodingNormLimit)})"),
                new Dictionary<string, double> { ["global_gradient_norm"] = norm, ["first_epoch_norm"] = _early });

        var norms = m.GradientNorms;
        if (m.Diverged || norms.Count < 2) return;
        double first = norms[0], last = norms[^1];
        if (!(last > 0) || !double.IsFinite(last) || !double.IsFinite(first)) return;
        double ratio = first / last;
        if (ratio < limits.VanishingRatio && !log.Recur(IssueKind.VanishingGradients, m.Epoch))
            log.Add(IssueKind.VanishingGradients, m.Epoch,
                $"first/last dense layer gradient norms {Evidence.N(first)} / {Evidence.N(last)} = {Evidence.N(ratio)} (below {Evidence.N(limits.VanishingRatio)})",
                new Dictionary<string, double> { ["first_layer_norm"] = first, ["last_layer_norm"] = last, ["ratio"] = ratio });
    }

    public void Reset()
    {
        _early = double.NaN;
        _earlyEpoch = 0;
    }
}
