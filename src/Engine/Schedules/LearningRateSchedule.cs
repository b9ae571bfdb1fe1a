using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Schedules;

/// <summary>
/// The learning rate of each epoch (0-based): a base schedule, optionally after a linear warm-up.
/// Reduce-on-plateau is driven by <see cref="Observe"/> with the epoch's monitored loss.
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly ScheduleOptions _o;
    private readonly double _baseRate;
    private readonly int _maxEpochs;

    public LearningRateSchedule(ScheduleOptions options, double baseRate, int maxEpochs)
    {
        _o = options;
        _baseRate = baseRate;
        _maxEpochs = Math.Max(1, maxEpochs);
        PlateauFactor = 1.0;
        PlateauBest = double.PositiveInfinity;
    }

    /// <summary>Reduce-on-plateau state (kept in checkpoints).</summary>
    public double PlateauFactor { get; set; }
    public double PlateauBest { get; set; }
    public int PlateauWait { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double RateFor(int epoch)
    {
        double rate = _o.Kind switch
        {
            ScheduleKind.Constant => _baseRate,
            ScheduleKind.TimeDecay => _baseRate / (1.0 + _o.Decay * epoch),
            ScheduleKind.Step => _baseRate * Math.Pow(_o.DropFactor, epoch / Math.Max(1, _o.DropEvery)),
            ScheduleKind.Exponential => _baseRate * Math.Pow(_o.Decay >= 1 || _o.Decay <= 0 ? 0.96 : 1 - _o.Decay, epoch),
            ScheduleKind.Cosine => Cosine(epoch - _o.WarmupEpochs, _o.Period > 0 ? _o.Period : _maxEpochs - 1 - _o.WarmupEpochs),
            ScheduleKind.CosineRestarts => CosineWithRestarts(epoch - _o.WarmupEpochs),
            ScheduleKind.ReduceOnPlateau => _baseRate * PlateauFactor,
            var k => throw new ArgumentException($"unknown schedule {k}"),
        };
        if (epoch < _o.WarmupEpochs) rate = Math.Min(rate, _baseRate) * (epoch + 1) / (_o.WarmupEpochs + 1);
        return rate;
    }

    /// <summary>Feeds the epoch's monitored loss to reduce-on-plateau; other schedules ignore it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(double loss)
    {
        if (_o.Kind != ScheduleKind.ReduceOnPlateau || double.IsNaN(loss)) return;
        if (loss < PlateauBest - 1e-12)
        {
            PlateauBest = loss;
            PlateauWait = 0;
            return;
        }
        if (++PlateauWait >= Math.Max(1, _o.Patience))
        {
            PlateauFactor *= _o.DropFactor;
            PlateauWait = 0;
            if (_baseRate * PlateauFactor < _o.MinLearningRate) PlateauFactor = _o.MinLearningRate / _baseRate;
        }
    }

    private double Cosine(int epoch, int period)
    {
        if (epoch < 0) return _baseRate;
        period = Math.Max(1, period);
        double t = Math.Min(epoch, period) / (double)period;
        return _o.MinLearningRate + 0.5 * (_baseRate - _o.MinLearningRate) * (1 + Math.Cos(Math.PI * t));
    }

    private double CosineWithRestarts(int epoch)
    {
        if (epoch < 0) return _baseRate;
        double cycle = Math.Max(1, _o.Period > 0 ? _o.Period : 10);
        double start = 0;
        while (epoch >= start + cycle)
        {
            start += cycle;
            cycle = Math.Max(1, Math.Round(cycle * _o.PeriodMultiplier));
        }
        double t = (epoch - start) / cycle;
        return _o.MinLearningRate + 0.5 * (_baseRate - _o.MinLearningRate) * (1 + Math.Cos(Math.PI * t));
    }
}
