using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Diagnostics;

/// <summary>The per-epoch detectors on hand-made learning curves, on both sides of each threshold.</summary>
public class EpochCheckTests
{
    private static readonly IssueThresholds Limits = IssueThresholds.Default;

    private static EpochMetrics M(int epoch, double train, double? val = null, double norm = 1, double[]? layers = null, bool diverged = false) => new()
    {
        Epoch = epoch,
        LearningRate = 0.01,
        TrainLoss = train,
        ValLoss = val,
        GlobalGradientNorm = norm,
        GradientNorms = layers ?? [1, 1],
        Diverged = diverged,
    };

    private static IssuesLog Feed(IEpochCheck check, IEnumerable<EpochMetrics> curve)
    {
        var log = new IssuesLog();
        foreach (var m in curve) check.Observe(m, log);
        return log;
    }

    private static IEnumerable<EpochMetrics> TrainCurve(params double[] losses) => losses.Select((l, i) => M(i + 1, l));

    private static IEnumerable<EpochMetrics> ValCurve(double[] train, double[] val) => train.Select((t, i) => M(i + 1, t, val[i]));

    [Fact]
    public void A_non_finite_loss_is_divergence_in_its_epoch()
    {
        var log = Feed(new DivergenceCheck(Limits), [M(1, 0.9), M(2, double.NaN, diverged: true)]);
        var issue = Assert.Single(log.Entries);
        Assert.Equal((IssueKind.Divergence, 2), (issue.Kind, issue.Epoch));
        Assert.Contains("training loss became non-finite", issue.Evidence);
    }

    [Fact]
    public void A_non_finite_validation_loss_is_named_as_such()
    {
        var log = Feed(new DivergenceCheck(Limits), [M(1, 0.9, 0.8), M(2, 5e30, double.PositiveInfinity, diverged: true)]);
        Assert.Contains("validation loss became non-finite", Assert.Single(log.Entries).Evidence);
    }

    [Fact]
    public void A_sharp_rise_above_the_start_is_divergence_but_a_rise_below_it_is_not()
    {
        var rise = Feed(new DivergenceCheck(Limits), TrainCurve(1.0, 0.5, 0.05, 2.0));
        var issue = Assert.Single(rise.Entries);
        Assert.Equal(4, issue.Epoch);
        Assert.Equal(0.05, issue.Numbers["best_train_loss"]);
        Assert.Equal(3, issue.Numbers["best_epoch"]);

        Assert.Empty(Feed(new DivergenceCheck(Limits), TrainCurve(1.0, 0.05, 0.9, 0.06)).Entries); // 18x the best but below the start
        Assert.Empty(Feed(new DivergenceCheck(Limits), TrainCurve(1.0, 0.5, 0.2, 1.1)).Entries);   // above the start but only 5.5x the best
    }

    [Fact]
    public void Gradient_norms_far_above_the_first_epoch_or_the_limit_explode()
    {
        var grown = Feed(new GradientCheck(Limits), [M(1, 1, norm: 1), M(2, 1, norm: 50), M(3, 1, norm: 150), M(4, 1, norm: 200)]);
        var issue = Assert.Single(grown.Entries);
        Assert.Equal((IssueKind.ExplodingGradients, 3, 2, 4), (issue.Kind, issue.Epoch, issue.Occurrences, issue.LastEpoch));
        Assert.Equal(1, issue.Numbers["first_epoch_norm"]);
        Assert.Equal("mean global gradient norm 150, 150 times its 1 in epoch 1 (limit 100 times)", issue.Evidence);

        var overLimit = Assert.Single(Feed(new GradientCheck(Limits), [M(1, 1, norm: 2000)]).Entries);
        Assert.Equal((1, "mean global gradient norm 2E+03 (limit 1E+03)"), (overLimit.Epoch, overLimit.Evidence));
        Assert.Single(Feed(new GradientCheck(Limits), [M(1, 1, norm: 5), M(2, 1, norm: double.PositiveInfinity)]).Entries);
        Assert.Empty(Feed(new GradientCheck(Limits), [M(1, 1, norm: 5), M(2, 1, norm: 400), M(3, 1, norm: 480)]).Entries);
        Assert.Empty(Feed(new GradientCheck(Limits), [M(1, 1, norm: double.NaN), M(2, 1, norm: 3)]).Entries); // no batch finished: no baseline
    }

    [Fact]
    public void A_tiny_first_to_last_layer_gradient_ratio_is_vanishing()
    {
        var log = Feed(new GradientCheck(Limits), [M(1, 1, layers: [0.5, 1]), M(2, 1, layers: [1.9e-4, 0.3, 0.2])]);
        var issue = Assert.Single(log.Entries);
        Assert.Equal((IssueKind.VanishingGradients, 2), (issue.Kind, issue.Epoch));
        Assert.Equal(9.5e-4, issue.Numbers["ratio"], 12);

        Assert.Empty(Feed(new GradientCheck(Limits), [M(1, 1, layers: [0.03, 1])]).Entries);
        Assert.Empty(Feed(new GradientCheck(Limits), [M(1, 1, layers: [0, 0])]).Entries); // nothing flows at all: dead units, not vanishing
        Assert.Empty(Feed(new GradientCheck(Limits), [M(1, 1, layers: [1e-6])]).Entries); // a single layer has nothing to compare
    }

    [Fact]
    public void Large_swings_of_the_validation_loss_oscillate()
    {
        double[] val = [1.0, 0.6, 1.0, 0.6, 1.0, 0.6, 1.0, 0.6];
        var log = Feed(new OscillationCheck(Limits), ValCurve(val.Select(_ => 0.5).ToArray(), val));
        var issue = Assert.Single(log.Entries);
        Assert.Equal((IssueKind.OscillatingLoss, 7, 2), (issue.Kind, issue.Epoch, issue.Occurrences));
        Assert.Equal(5, issue.Numbers["sign_changes"]);
        Assert.Contains("validation loss", issue.Evidence);
    }

    [Fact]
    public void Without_a_validation_split_the_training_loss_is_watched()
    {
        var log = Feed(new OscillationCheck(Limits), TrainCurve(1.0, 0.5, 0.9, 0.5, 0.9, 0.5, 0.9));
        Assert.Contains("training loss", Assert.Single(log.Entries).Evidence);
    }

    [Fact]
    public void Steady_descent_and_small_jitter_at_a_low_loss_do_not_oscillate()
    {
        Assert.Empty(Feed(new OscillationCheck(Limits), TrainCurve(1.0, 0.8, 0.7, 0.6, 0.55, 0.5, 0.47, 0.45)).Entries);
        // Alternating, and large against its level, but tiny against the first epoch's loss.
        Assert.Empty(Feed(new OscillationCheck(Limits), TrainCurve(1.0, 0.1, 0.05, 0.09, 0.05, 0.09, 0.05, 0.09)).Entries);
        // Alternating, but small steps against its level.
        Assert.Empty(Feed(new OscillationCheck(Limits), TrainCurve(1.0, 0.9, 1.0, 0.9, 1.0, 0.9, 1.0)).Entries);
    }

    [Fact]
    public void A_flat_training_loss_learns_too_slowly_from_the_fifth_epoch()
    {
        var log = Feed(new SlowLearningCheck(Limits), TrainCurve(1.0, 0.999, 0.998, 0.997, 0.996, 0.995));
        var issue = Assert.Single(log.Entries);
        Assert.Equal((IssueKind.SlowLearning, 5, 2), (issue.Kind, issue.Epoch, issue.Occurrences));

        Assert.Empty(Feed(new SlowLearningCheck(Limits), TrainCurve(1.0, 1.0, 1.0, 1.0)).Entries); // too early to judge
        Assert.Empty(Feed(new SlowLearningCheck(Limits), TrainCurve(1.0, 0.99, 0.98, 0.97, 0.96, 0.95)).Entries); // 5% is learning
        Assert.Empty(Feed(new SlowLearningCheck(Limits), TrainCurve(1.0, 1.2, 1.5, 2.0, 3.0, 5.0)).Entries); // rising is not slow
    }

    [Fact]
    public void A_rising_validation_loss_while_the_training_loss_falls_over_fits()
    {
        // Best validation at epoch 5, then it climbs 4% an epoch while the training loss keeps falling.
        var train = Enumerable.Range(1, 20).Select(e => 1.0 / e).ToArray();
        var val = Enumerable.Range(1, 20).Select(e => e <= 5 ? 1.0 - 0.1 * e : 0.5 * (1 + 0.04 * (e - 5))).ToArray();
        var issue = Assert.Single(Feed(new OverfittingCheck(Limits), ValCurve(train, val)).Entries);
        Assert.Equal((IssueKind.Overfitting, 15), (issue.Kind, issue.Epoch)); // ten epochs after the best, 40% above it
        Assert.Equal(5, issue.Numbers["best_epoch"]);
        Assert.Equal(0.5, issue.Numbers["best_val_loss"], 12);
        Assert.Equal(6, issue.Occurrences);
    }

    [Fact]
    public void A_rising_validation_loss_with_a_flat_training_loss_is_not_over_fitting()
    {
        var train = Enumerable.Repeat(0.4, 20).ToArray();
        var val = Enumerable.Range(1, 20).Select(e => e <= 5 ? 1.0 - 0.1 * e : 0.5 * (1 + 0.04 * (e - 5))).ToArray();
        Assert.Empty(Feed(new OverfittingCheck(Limits), ValCurve(train, val)).Entries);
    }

    [Fact]
    public void A_small_rise_or_a_short_one_is_not_over_fitting()
    {
        var train = Enumerable.Range(1, 20).Select(e => 1.0 / e).ToArray();
        var small = Enumerable.Range(1, 20).Select(e => e <= 5 ? 1.0 - 0.1 * e : 0.5 * (1 + 0.01 * (e - 5))).ToArray(); // at most 15% above
        Assert.Empty(Feed(new OverfittingCheck(Limits), ValCurve(train, small)).Entries);
        var shortRun = Enumerable.Range(1, 14).Select(e => e <= 5 ? 1.0 - 0.1 * e : 0.5 * (1 + 0.1 * (e - 5))).ToArray(); // 90% above, 9 epochs on
        Assert.Empty(Feed(new OverfittingCheck(Limits), ValCurve(train[..14], shortRun)).Entries);
    }

    [Fact]
    public void Reset_forgets_the_curve()
    {
        var check = new SlowLearningCheck(Limits);
        var log = Feed(check, TrainCurve(1.0, 1.0, 1.0, 1.0));
        check.Reset();
        foreach (var m in TrainCurve(5.0, 4.0, 3.0, 2.0, 1.0)) check.Observe(m, log); // judged against 5.0, not 1.0
        Assert.Empty(log.Entries);
    }

    [Theory]
    [InlineData(0.0004, "0.04%")]
    [InlineData(0.031, "3.1%")]
    [InlineData(0.2234, "22%")]
    [InlineData(1.35, "135%")]
    public void Shares_read_as_percentages_with_enough_digits(double share, string text) => Assert.Equal(text, Evidence.Percent(share));
}
