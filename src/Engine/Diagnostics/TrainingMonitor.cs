using System.Runtime.CompilerServices;
using Hpo.Engine.Data;
using Hpo.Engine.Model;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Runs the issue detectors alongside a training session: the data checks once when created, the
/// activation checks after each training forward pass (no allocation) and the curve and gradient
/// checks after each epoch. The findings accumulate in <see cref="Issues"/>.
/// </summary>
public sealed class TrainingMonitor
{
    private readonly IssuesLog _log = new();
    private readonly IssueThresholds _limits;
    private readonly UnitActivity _units;
    private readonly bool _watchUnits;
    private readonly IEpochCheck[] _beforeUnits;
    private readonly IEpochCheck[] _afterUnits;

    public TrainingMonitor(Network network, Dataset train, TrainingOptions options, IssueThresholds? thresholds = null)
    {
        _limits = thresholds ?? IssueThresholds.Default;
        DataScaleCheck.Run(train, options, _limits, _log);
        _units = new UnitActivity(network, _limits.SaturationMargin);
        _watchUnits = _units.HasRelu || _units.HasSquashing;
        _beforeUnits = [new DivergenceCheck(_limits), new GradientCheck(_limits)];
        _afterUnits = [new OscillationCheck(_limits), new SlowLearningCheck(_limits), new OverfittingCheck(_limits)];
    }

    /// <summary>The issues found so far, one per kind, in the order first seen.</summary>
    public IReadOnlyList<TrainingIssue> Issues => _log.Entries;

    /// <summary>Call after each training-mode forward pass, while the activation layers hold its outputs.</summary>
    public void ObserveBatch()
    {
        if (_watchUnits) _units.ObserveBatch();
    }

    /// <summary>Call once each epoch has finished, with its metrics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ObserveEpoch(EpochMetrics m)
    {
        foreach (var check in _beforeUnits) check.Observe(m, _log);
        if (_watchUnits && !m.Diverged && _units.Batches > 0) UnitActivityCheck.Run(_units, m.Epoch, _limits, _log);
        _units.Reset();
        foreach (var check in _afterUnits) check.Observe(m, _log);
    }

    /// <summary>
    /// Rebuilds the epoch findings from a restored learning curve (a resumed checkpoint). The activation
    /// checks of the restored epochs cannot be replayed; they resume with the next epoch.
    /// </summary>
    public void Replay(IReadOnlyList<EpochMetrics> curve)
    {
        _log.ClearTrainingEntries();
        _units.Reset();
        foreach (var check in _beforeUnits.Concat(_afterUnits)) check.Reset();
        foreach (var m in curve)
        {
            foreach (var check in _beforeUnits) check.Observe(m, _log);
            foreach (var check in _afterUnits) check.Observe(m, _log);
        }
    }
}
