using Hpo.Engine.Activations;
using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Layers;
using Hpo.Engine.Model;
using Hpo.Engine.Options;
using Hpo.Engine.Tensors;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Diagnostics;

/// <summary>The monitor's mechanics: unit activity, the data checks, no allocation per batch, and resuming.</summary>
public class MonitorTests
{
    [Fact]
    public void A_relu_unit_negative_for_every_row_is_dead_and_one_positive_row_revives_it()
    {
        // Two inputs, three units: unit 0 = x0, unit 1 = -x0 - 10 (never positive here), unit 2 = x1.
        var dense = new DenseLayer("hidden1", 2, 3);
        dense.Weights.Value.AsSpan().Clear();
        dense.Weights.Value[0 * 3 + 0] = 1; dense.Weights.Value[0 * 3 + 1] = -1; dense.Weights.Value[1 * 3 + 2] = 1;
        dense.Bias.Value[1] = -10;
        var relu = new ActivationLayer("hidden1.relu", 3, new ReluActivation());
        var network = new Network([dense, relu]);
        network.Allocate(4);
        var units = new UnitActivity(network, 0.01);

        network.Forward(new Matrix(3, 2, [1, -1, 2, -3, 0.5f, -2]), training: true); // x1 always negative: unit 2 dead in this batch
        units.ObserveBatch();
        Assert.Equal([("hidden1.relu", 2, 3)], units.DeadUnits());

        network.Forward(new Matrix(1, 2, [-1, 4]), training: true); // one later row with x1 > 0
        units.ObserveBatch();
        Assert.Equal([("hidden1.relu", 1, 3)], units.DeadUnits());

        units.Reset();
        Assert.Equal([("hidden1.relu", 3, 3)], units.DeadUnits()); // a new epoch starts with nothing seen
        Assert.Equal(0, units.Batches);
    }

    [Fact]
    public void A_layer_seen_all_active_is_skipped_for_the_rest_of_the_epoch_and_read_again_in_the_next()
    {
        // One unit = x0, the other = x1.
        var dense = new DenseLayer("hidden1", 2, 2);
        dense.Weights.Value.AsSpan().Clear();
        dense.Weights.Value[0 * 2 + 0] = 1; dense.Weights.Value[1 * 2 + 1] = 1;
        var relu = new ActivationLayer("hidden1.relu", 2, new ReluActivation());
        var network = new Network([dense, relu]);
        network.Allocate(2);
        var units = new UnitActivity(network, 0.01);

        network.Forward(new Matrix(1, 2, [1, 1]), training: true);
        units.ObserveBatch();
        network.Forward(new Matrix(1, 2, [-1, -1]), training: true); // not read: both units were active
        units.ObserveBatch();
        Assert.Equal([("hidden1.relu", 0, 2)], units.DeadUnits());
        Assert.Equal(2, units.Batches);

        units.Reset();
        network.Forward(new Matrix(1, 2, [1, -1]), training: true); // the second unit silent all epoch
        units.ObserveBatch();
        network.Forward(new Matrix(1, 2, [2, -3]), training: true);
        units.ObserveBatch();
        Assert.Equal([("hidden1.relu", 1, 2)], units.DeadUnits());
    }

    [Fact]
    public void Saturation_counts_outputs_within_the_margin_of_either_asymptote()
    {
        var sigmoid = new ActivationLayer("s", 4, new SigmoidActivation());
        var tanh = new ActivationLayer("t", 4, new TanhActivation());
        var network = new Network([new DenseLayer("d", 4, 4), sigmoid, new DenseLayer("e", 4, 4), tanh]);
        network.Allocate(2);
        var units = new UnitActivity(network, 0.01);
        // Drive the activation layers directly: sigmoid(±8) is within 0.01 of 0 or 1, sigmoid(±2) is not; likewise tanh(±4) and tanh(±1).
        sigmoid.Forward(new Matrix(2, 4, [8, -8, 2, -2, 0, 8, -8, 1]), training: true);
        tanh.Forward(new Matrix(2, 4, [4, -4, 1, -1, 0, 0, 0, 4]), training: true);
        units.ObserveBatch();
        Assert.Equal((4.0 + 3.0) / 16, units.SaturatedShare, 12);
    }

    [Fact]
    public void The_vectorised_count_matches_a_plain_loop_at_every_length()
    {
        var rng = new Rng(5);
        for (int n = 0; n < 70; n++)
        {
            var values = new float[n];
            for (int i = 0; i < n; i++) values[i] = (float)rng.NextDouble(-1.2, 1.2);
            long expected = values.Count(v => MathF.Abs(v - 0.1f) > 0.9f);
            Assert.Equal(expected, UnitActivity.CountBeyond(values, 0.1f, 0.9f));
        }
    }

    [Theory]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Tanh)]
    public void Watching_units_allocates_nothing_per_batch(ActivationKind activation)
    {
        var split = DataSplitter.Split(Generators.Blobs(600, 8, 3, 1.0, seed: 1), 0.2, 0, seed: 1);
        var session = new TrainingSession(new ModelOptions { HiddenUnits = [32, 16], Activation = activation },
            new TrainingOptions { BatchSize = 1, MaxEpochs = 3 }, split);
        session.TrainEpoch(); // warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        session.TrainEpoch(); // 480 batches of one sample
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 8 * 1024, $"an epoch of 480 batches allocated {allocated} bytes");
    }

    private static Dataset RegressionWith(float[] features, int columns, float[] targets) =>
        Dataset.Regression("r", features, targets.Length, columns, targets);

    [Fact]
    public void Feature_scales_orders_of_magnitude_apart_are_unscaled_even_when_each_is_moderate()
    {
        var rng = new Rng(3);
        int n = 200;
        var x = new float[n * 2];
        for (int i = 0; i < n; i++) { x[2 * i] = (float)(0.02 * rng.NextGaussian()); x[2 * i + 1] = (float)(3 * rng.NextGaussian()); }
        var data = RegressionWith(x, 2, new float[n]);
        var log = new IssuesLog();
        DataScaleCheck.Run(data, new TrainingOptions { InputScaling = ScalingKind.None }, IssueThresholds.Default, log);
        var issue = Assert.Single(log.Entries);
        Assert.Equal(0, issue.Numbers["off_scale_features"]);
        Assert.InRange(issue.Numbers["std_ratio"], 100, 200);

        var scaled = new IssuesLog();
        DataScaleCheck.Run(data, new TrainingOptions { InputScaling = ScalingKind.Standardize }, IssueThresholds.Default, scaled);
        Assert.Empty(scaled.Entries);
    }

    [Fact]
    public void Targets_are_judged_only_for_regression_without_target_scaling()
    {
        var rng = new Rng(4);
        int n = 100;
        var x = new float[n];
        var big = new float[n];
        var unit = new float[n];
        for (int i = 0; i < n; i++) { x[i] = (float)rng.NextGaussian(); big[i] = (float)(50 + 30 * rng.NextGaussian()); unit[i] = (float)rng.NextGaussian(); }
        IReadOnlyList<TrainingIssue> Check(Dataset d, ScalingKind targets)
        {
            var log = new IssuesLog();
            DataScaleCheck.Run(d, new TrainingOptions { TargetScaling = targets }, IssueThresholds.Default, log);
            return log.Entries;
        }
        var issue = Assert.Single(Check(RegressionWith(x, 1, big), ScalingKind.None));
        Assert.Equal(IssueKind.UnscaledTargets, issue.Kind);
        Assert.InRange(issue.Numbers["target_mean"], 40, 60);
        Assert.Empty(Check(RegressionWith(x, 1, big), ScalingKind.Standardize));
        Assert.Empty(Check(RegressionWith(x, 1, unit), ScalingKind.None));
        Assert.Empty(Check(Generators.Blobs(100, 2, 2, 1.0, seed: 1), ScalingKind.None)); // classification has no targets to scale
    }

    [Fact]
    public void A_resumed_session_rebuilds_the_epoch_findings_of_the_straight_run()
    {
        var split = DataSplitter.Split(Generators.Blobs(400, 2, 3, 2.0, seed: 2), 0.5, 0, seed: 1);
        var model = new ModelOptions { HiddenUnits = [16] };
        var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 1e-6, MaxEpochs = 9, InputScaling = ScalingKind.None };
        var straight = new TrainingSession(model, options, split);
        straight.Run();
        Assert.Contains(straight.Issues, i => i.Kind == IssueKind.SlowLearning && i.Epoch == 5 && i.Occurrences == 5);

        var first = new TrainingSession(model, options, split);
        for (int i = 0; i < 6; i++) first.TrainEpoch(); // past the first report, so the replay must rebuild it
        var resumed = new TrainingSession(model, options, split);
        resumed.RestoreState(first.CaptureState());
        resumed.RestoreState(first.CaptureState()); // restoring twice must not double anything
        resumed.Run();
        Assert.Equal(straight.Issues.Select(i => i.ToString()), resumed.Issues.Select(i => i.ToString()));
        Assert.Equal(IssueKind.UnscaledInputs, resumed.Issues[0].Kind);
    }
}
