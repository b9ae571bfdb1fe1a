namespace Hpo.Engine.Options;

public sealed record ScheduleOptions
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>Time-based decay: lr / (1 + decay * epoch). Exponential: lr * decay^epoch.</summary>
    public double Decay { get; init; } = 0.01;

    /// <summary>Step drop: multiply by DropFactor every DropEvery epochs; ReduceOnPlateau: the factor.</summary>
    public double DropFactor { get; init; } = 0.5;
    public int DropEvery { get; init; } = 10;

    /// <summary>Cosine: the period in epochs (0 = reach the minimum at the last epoch); with restarts, the first cycle's length.</summary>
    public int Period { get; init; }
    public double PeriodMultiplier { get; init; } = 1.0;
    public double MinLearningRate { get; init; }

    /// <summary>Linear warm-up from ~0 to the base rate over this many epochs (any schedule).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>ReduceOnPlateau: epochs without improvement of the validation loss before a drop.</summary>
    public int Patience { get; init; } = 5;
}
