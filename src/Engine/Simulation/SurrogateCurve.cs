namespace Hpo.Engine.Simulation;

/// <summary>
/// A seeded surrogate learning curve for one trial: a validation accuracy after each epoch (maximised, chance
/// 0.1) whose plateau depends on the configuration, so a scheduler has something to find, plus epoch-to-epoch
/// noise, a possible divergence (NaN) or failure, and a virtual cost per epoch. Everything is a function of
/// (seed, trial, epoch), so two schedulers see the same trial train the same way.
/// </summary>
public sealed class SurrogateCurve
{
    private const double Chance = 0.1;
    private readonly ulong _seed;
    private readonly int _trial;

    /// <param name="units">the hidden layers' width (their mean when they differ)</param>
    /// <param name="layers">the number of hidden layers (at least 1)</param>
    public SurrogateCurve(long seed, int trial, double learningRate, int batchSize, int units, int layers, double dropout)
    {
        _seed = unchecked((ulong)seed) ^ 0x5851F42D4C957F2DUL;
        _trial = trial;
        ulong t = (ulong)trial;
        double U(ulong k) => SplitMix.Uniform(_seed, t, k);

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        double lr = learningRate;
        int batch = batchSize;

        double lrBest = 3e-3 * Math.Sqrt(batch / 32.0);
        double offset = Math.Log10(lr / lrBest);
        Plateau = 0.965
            - 0.05 * offset * offset
            - 0.012 * Math.Abs(Math.Log2(units / 128.0))
            - (layers == 1 ? 0.02 : 0.0)
            - 0.1 * (dropout - 0.15) * (dropout - 0.15)
            + 0.004 * (U(0) - 0.5);
        // Learning is quickest near the best learning rate: too low crawls, too high oscillates.
        TimeConstant = Math.Clamp(1.5 * (1 + 0.8 * Math.Abs(offset)) * (1 + dropout) * (1 + 0.1 * (layers - 1)), 0.4, 60);
        NoiseSd = 0.0015;

        if (lr > 0.08 && U(1) < 0.7)
        {
            Family = CurveFamily.Diverger;
            DivergesAt = 1 + (int)(U(2) * 12);
        }
        else if (U(3) < 0.1)
        {
            Family = CurveFamily.LateBloomer;
            Onset = 4 + 20 * U(4);
            Plateau += 0.006;
        }
        else if (U(5) < 0.12)
        {
            Family = CurveFamily.FastStarter;
            TimeConstant = 0.5;
            Plateau -= 0.08 + 0.12 * U(6);
        }
        else if (U(7) < 0.2)
        {
            Family = CurveFamily.Noisy;
            NoiseSd = 0.006;
        }
        Plateau = Math.Clamp(Plateau, 0.15, 0.99);
        if (U(8) < 0.005)
            FailsAt = 1 + (int)(U(9) * 20);
        EpochSeconds = (0.5 + 0.5 * layers * units / 128.0) * Math.Sqrt(32.0 / batch);
    }

    public CurveFamily Family { get; }

    /// <summary>The accuracy the curve approaches (before noise).</summary>
    public double Plateau { get; }

    public double TimeConstant { get; }
    public double Onset { get; }
    public double NoiseSd { get; }

    /// <summary>The first epoch whose objective is NaN (0: never).</summary>
    public int DivergesAt { get; }

    /// <summary>The epoch at which the worker fails instead of reporting (0: never).</summary>
    public int FailsAt { get; }

    /// <summary>Mean virtual seconds an epoch takes.</summary>
    public double EpochSeconds { get; }

    /// <summary>The noise-free accuracy after <paramref name="epoch"/> epochs.</summary>
    public double Mean(int epoch)
    {
        double rise = 1 - Math.Exp(-epoch / TimeConstant);
        if (Family == CurveFamily.LateBloomer)
            rise *= 1 / (1 + Math.Exp(-(epoch - Onset) / 2.5));
        return Chance + (Plateau - Chance) * rise;
    }

    /// <summary>The reported objective after <paramref name="epoch"/> epochs.</summary>
    public double Objective(int epoch)
    {
        if (DivergesAt > 0 && epoch >= DivergesAt)
            return double.NaN;
        double v = Mean(epoch) + NoiseSd * SplitMix.Normal(_seed, (ulong)_trial, 1000 + (ulong)epoch);
        return Math.Clamp(v, 0.0, 1.0);
    }

    /// <summary>Virtual seconds the given epoch takes (the mean, jittered by up to 10%).</summary>
    public double Seconds(int epoch) =>
        EpochSeconds * (0.9 + 0.2 * SplitMix.Uniform(_seed, (ulong)_trial, 5000 + (ulong)epoch));
}
