using Hpo.Engine.Options;

namespace Hpo.Engine.Training;

/// <summary>Stops when the monitored metric has not improved by min_delta for patience epochs.</summary>
public sealed class EarlyStopping(EarlyStoppingOptions options)
{
    public EarlyStoppingOptions Options { get; } = options;
    public double Best { get; set; } = options.Mode == ObjectiveMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    public int BestEpoch { get; set; }
    public int Wait { get; set; }

    /// <summary>Records an epoch's value; returns true when it is a new best.</summary>
    public bool Observe(int epoch, double value)
    {
        bool improved = Options.Mode == ObjectiveMode.Min
            ? value < Best - Options.MinDelta
            : value > Best + Options.MinDelta;
        if (improved && double.IsFinite(value))
        {
            Best = value;
            BestEpoch = epoch;
            Wait = 0;
            return true;
        }
        Wait++;
        return false;
    }

    public bool ShouldStop => Wait >= Options.Patience;
}
