namespace Hpo.Engine.Diagnostics;

/// <summary>
/// The limits the detectors use. The defaults were chosen from the engine's own runs: the book's experiments
/// (tests/Engine.Tests/Book) and the pathological and healthy runs of tests/Engine.Tests/Diagnostics, plus the
/// example specs. Each sits between what the pathological runs show and what the healthy runs of the same
/// problems show; the figures quoted are from those runs.
/// </summary>
public sealed record IssueThresholds
{
    public static readonly IssueThresholds Default = new();

    /// <summary>
    /// Unscaled inputs: a feature column whose |mean| or std exceeds this (standardised data has 0 and 1).
    /// Raw blobs (feature std 5.5) oscillate under SGD 0.01 where the standardised ones converge.
    /// </summary>
    public double InputScaleLimit { get; init; } = 5;

    /// <summary>Unscaled inputs: a non-constant feature column whose std is below this (two orders under unit scale).</summary>
    public double InputStdFloor { get; init; } = 0.01;

    /// <summary>Unscaled inputs: the largest feature std over the smallest (non-constant columns) exceeds this (orders of magnitude apart).</summary>
    public double InputStdRatio { get; init; } = 100;

    /// <summary>
    /// Unscaled targets: a regression target column whose |mean| or std exceeds this. The book's make_regression
    /// targets (std 222) overflow in the first epoch; standardised they converge.
    /// </summary>
    public double TargetScaleLimit { get; init; } = 10;

    /// <summary>Divergence: the training loss rose to more than this many times its best so far (and above its first epoch's).</summary>
    public double DivergenceRise { get; init; } = 10;

    /// <summary>
    /// Exploding gradients: the epoch's mean global gradient norm (before clipping) exceeds this. Healthy runs stay
    /// below 11 (the largest, 10.5, is the first full-batch epoch of a 256x256 network); unscaled regression targets
    /// reach 680 to 3,300 even with clipping and 4e11 without.
    /// </summary>
    public double ExplodingNormLimit { get; init; } = 1000;

    /// <summary>Exploding gradients: the norm exceeds this many times the first epoch's (healthy runs grow at most about 4 times).</summary>
    public double ExplodingNormGrowth { get; init; } = 100;

    /// <summary>
    /// Vanishing gradients: the first dense layer's gradient norm over the last one's falls below this. A deep
    /// sigmoid network on circles shows 7e-5 to 2e-4 in every epoch; healthy runs stay above 0.025.
    /// </summary>
    public double VanishingRatio { get; init; } = 1e-3;

    /// <summary>
    /// Dead ReLU: the share of ReLU units never active over an epoch exceeds this. Biases started at -5 kill
    /// 100%, a learning rate far too large 58 to 69%; healthy He-initialised networks show at most 20%.
    /// </summary>
    public double DeadReluShare { get; init; } = 0.5;

    /// <summary>Saturated units: a sigmoid or tanh output this close to an asymptote counts as saturated.</summary>
    public double SaturationMargin { get; init; } = 0.01;

    /// <summary>
    /// Saturated units: the share of saturated sigmoid/tanh outputs over an epoch exceeds this. Weights drawn with
    /// std 3 saturate 50% (sigmoid) to 70% (tanh) of the outputs; Glorot-initialised networks under 1%.
    /// </summary>
    public double SaturatedShare { get; init; } = 0.3;

    /// <summary>Oscillating loss: the number of recent epoch-to-epoch loss changes examined.</summary>
    public int OscillationWindow { get; init; } = 6;

    /// <summary>Oscillating loss: direction changes needed among those changes (of window - 1 possible).</summary>
    public int OscillationSignChanges { get; init; } = 4;

    /// <summary>
    /// Oscillating loss: the mean |change| over the window exceeds this fraction of the window's mean loss. With a
    /// learning rate far too large the validation loss steps 26 to 96% of its level; healthy runs that jitter at a
    /// low loss reach 46 to 108% of it (circles with batch normalisation, a deep tanh network) but fail the next test.
    /// </summary>
    public double OscillationStepOfLevel { get; init; } = 0.2;

    /// <summary>
    /// Oscillating loss: ... and this fraction of the first epoch's loss (the problem's loss scale). Learning rates
    /// far too large step 33 to 135%; healthy runs at most 18% (circles with batch normalisation, batch size 1).
    /// </summary>
    public double OscillationStepOfFirst { get; init; } = 0.25;

    /// <summary>Slow learning: judged from this epoch on.</summary>
    public int SlowLearningEpochs { get; init; } = 5;

    /// <summary>
    /// Slow learning: every epoch's training loss is within this fraction of the first epoch's. A learning rate of
    /// 1e-6 moves it 0.2% in 10 epochs; healthy runs move it 12% or more by epoch 5.
    /// </summary>
    public double SlowLearningChange { get; init; } = 0.01;

    /// <summary>
    /// Over-fitting: epochs since the best validation loss. Longer than the usual early-stopping patience (5), so
    /// a run that early stopping ends in time is not reported.
    /// </summary>
    public int OverfittingPatience { get; init; } = 10;

    /// <summary>
    /// Over-fitting: the validation loss exceeds its best by this fraction. A wide network on 30 noisy moons rises
    /// 31% ten epochs after its best (and doubles by epoch 400); the mild rise that early stopping ends in the
    /// diabetes example is 10%. The digits example's validation loss rises 22% while its accuracy holds: reported.
    /// </summary>
    public double OverfittingRise { get; init; } = 0.2;

    /// <summary>Over-fitting: the training loss is at least this fraction below its value at the best validation epoch.</summary>
    public double OverfittingTrainFall { get; init; } = 0.1;
}
