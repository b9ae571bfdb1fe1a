using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class TrainingSessionTests
{
    private static readonly Dataset Blobs = Generators.Blobs(600, features: 4, centers: 3, clusterStd: 2.0, seed: 5);
    private static DataSplit BlobSplit => DataSplitter.Split(Blobs, 0.25, 0, seed: 1);

    private static readonly ModelOptions SmallNet = new() { HiddenUnits = [16, 8], BatchNorm = BatchNormPlacement.Before, Dropout = 0.1f };

    [Fact]
    public void The_same_options_and_seed_give_bit_identical_weights_and_metrics()
    {
        var options = new TrainingOptions { MaxEpochs = 5, BatchSize = 17, Seed = 3 };
        var a = new TrainingSession(SmallNet, options, BlobSplit);
        var b = new TrainingSession(SmallNet, options, BlobSplit);
        a.Run();
        b.Run();
        for (int i = 0; i < a.Network.Parameters.Count; i++)
            Assert.Equal(a.Network.Parameters[i].Value, b.Network.Parameters[i].Value);
        Assert.Equal(a.Curve.Select(m => (m.TrainLoss, m.ValLoss, m.ValAccuracy)), b.Curve.Select(m => (m.TrainLoss, m.ValLoss, m.ValAccuracy)));

        var other = new TrainingSession(SmallNet, options with { Seed = 4 }, BlobSplit);
        other.Run();
        Assert.NotEqual(a.Network.Parameters[0].Value, other.Network.Parameters[0].Value);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.05)]
    [InlineData(OptimizerKind.Momentum, 0.01)]
    [InlineData(OptimizerKind.Nesterov, 0.01)]
    [InlineData(OptimizerKind.Adagrad, 0.05)]
    [InlineData(OptimizerKind.RmsProp, 0.001)]
    [InlineData(OptimizerKind.Adam, 0.001)]
    [InlineData(OptimizerKind.AdamW, 0.001)]
    public void Every_optimiser_learns_blobs(OptimizerKind optimizer, double rate)
    {
        var run = new TrainingSession(new ModelOptions { HiddenUnits = [16] },
            new TrainingOptions { Optimizer = optimizer, LearningRate = rate, MaxEpochs = 15, BatchSize = 16 }, BlobSplit);
        run.Run();
        Assert.True(run.Curve[^1].TrainLoss < 0.6 * run.Curve[0].TrainLoss, $"{optimizer}: {run.Curve[0].TrainLoss:F3} -> {run.Curve[^1].TrainLoss:F3}");
        Assert.True(run.Curve[^1].ValAccuracy > 0.8, $"{optimizer}: accuracy {run.Curve[^1].ValAccuracy:F3}");
    }

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy)]
    [InlineData(LossKind.SparseCategoricalCrossEntropy)]
    [InlineData(LossKind.KlDivergence)]
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.SquaredHinge)]
    public void Classification_losses_train_a_two_class_problem(LossKind loss)
    {
        var moons = DataSplitter.Split(Generators.Moons(400, noise: 0.1, seed: 3), 0.25, 0, seed: 1);
        var run = new TrainingSession(new ModelOptions { HiddenUnits = [32, 32] },
            new TrainingOptions { Loss = loss, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, MaxEpochs = 30, BatchSize = 16 }, moons);
        run.Run();
        Assert.True(run.Curve[^1].ValAccuracy > 0.95, $"{loss}: accuracy {run.Curve[^1].ValAccuracy:F3}");
    }

    [Theory]
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.Mae)]
    [InlineData(LossKind.Huber)]
    public void Regression_losses_fit_and_predictions_come_back_in_target_units(LossKind loss)
    {
        var data = Generators.Regression(600, features: 5, informative: 5, noise: 0.1, seed: 2);
        var split = DataSplitter.Split(data, 0.25, 0, seed: 1);
        var run = new TrainingSession(new ModelOptions { HiddenUnits = [32] },
            new TrainingOptions { Loss = loss, LearningRate = 0.01, MaxEpochs = 40, BatchSize = 16, TargetScaling = ScalingKind.Standardize }, split);
        run.Run();
        Assert.True(run.Curve[^1].ValR2 > 0.95, $"{loss}: R² {run.Curve[^1].ValR2:F3}");

        var predictions = run.Predict(split.Validation.Features, split.Validation.Samples);
        double meanAbsoluteError = predictions.Zip(split.Validation.Targets!, (p, t) => Math.Abs(p - t)).Average();
        Assert.Equal(run.Curve[^1].ValMae!.Value, meanAbsoluteError, 2);
        double spread = split.Validation.Targets!.Select(t => (double)Math.Abs(t)).Average();
        Assert.True(meanAbsoluteError < 0.2 * spread, $"predictions are not in the targets' units: error {meanAbsoluteError:F2}, spread {spread:F2}");
    }

    [Fact]
    public void Scalers_are_fitted_on_the_training_split_only()
    {
        var split = BlobSplit;
        var run = new TrainingSession(new ModelOptions(), new TrainingOptions { MaxEpochs = 1 }, split);
        double trainMean = Enumerable.Range(0, split.Train.Samples).Average(i => split.Train.Features[i * 4]);
        double allMean = Enumerable.Range(0, Blobs.Samples).Average(i => Blobs.Features[i * 4]);
        Assert.Equal(trainMean, run.InputScaler.Offset[0], 3);
        Assert.NotEqual(allMean, run.InputScaler.Offset[0], 3);
    }

    [Fact]
    public void A_short_last_batch_and_full_batch_training_both_work()
    {
        var split = DataSplitter.Split(Generators.Blobs(103, 2, 2, 1.0, seed: 1), 0.0, 0, seed: 1);
        var shortLast = new TrainingSession(new ModelOptions(), new TrainingOptions { MaxEpochs = 3, BatchSize = 10 }, split);
        var full = new TrainingSession(new ModelOptions(), new TrainingOptions { MaxEpochs = 3, BatchSize = 0 }, split);
        shortLast.Run();
        full.Run();
        Assert.All(shortLast.Curve.Concat(full.Curve), m => Assert.True(double.IsFinite(m.TrainLoss)));
        Assert.Null(shortLast.Curve[0].ValLoss);
    }

    [Fact]
    public void A_batch_larger_than_the_training_split_is_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<TrainingSetupException>(() =>
            new TrainingSession(new ModelOptions(), new TrainingOptions { BatchSize = 1000 }, BlobSplit));
        Assert.Contains("batch size 1000 is larger than the 450 training samples", ex.Message);
    }

    [Fact]
    public void Early_stopping_stops_an_over_fitting_run_and_restores_the_best_weights()
    {
        var moons = DataSplitter.Split(Generators.Moons(100, noise: 0.3, seed: 2), 0.7, 0, seed: 1);
        var run = new TrainingSession(new ModelOptions { HiddenUnits = [256, 256] }, new TrainingOptions
        {
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.01,
            BatchSize = 0,
            MaxEpochs = 400,
            EarlyStopping = new EarlyStoppingOptions { Monitor = "val_loss", Patience = 20 },
        }, moons);
        run.Run();
        Assert.True(run.StoppedEarly);
        Assert.True(run.Curve.Count < 400);
        Assert.Equal(run.Curve.Count - 20, run.BestEpoch);
        double best = run.Curve.Min(m => m.ValLoss!.Value);
        Assert.Equal(best, run.Evaluate(moons.Validation).Loss, 5);
    }

    [Fact]
    public void Balanced_class_weights_raise_recall_of_a_rare_class()
    {
        var blobs = Generators.Blobs(2000, features: 2, centers: 2, clusterStd: 3.0, seed: 9);
        var rows = Enumerable.Range(0, blobs.Samples).Where(i => blobs.Labels![i] == 0 || i % 10 == 0).ToArray();
        var imbalanced = blobs.Subset(rows);
        var split = DataSplitter.Split(imbalanced, 0.3, 0, seed: 1);

        double RareRecall(bool balanced)
        {
            var run = new TrainingSession(new ModelOptions { HiddenUnits = [8] },
                new TrainingOptions { MaxEpochs = 10, BalancedClassWeights = balanced, LearningRate = 0.01 }, split);
            run.Run();
            var p = run.Predict(split.Validation.Features, split.Validation.Samples);
            int rare = 0, found = 0;
            for (int i = 0; i < split.Validation.Samples; i++)
            {
                if (split.Validation.Labels![i] != 1) continue;
                rare++;
                if (p[i * 2 + 1] > p[i * 2]) found++;
            }
            return (double)found / rare;
        }

        double plain = RareRecall(false), weighted = RareRecall(true);
        Assert.True(weighted > plain + 0.05, $"rare-class recall {plain:F3} unweighted, {weighted:F3} balanced");
    }

    [Fact]
    public void An_L2_penalty_keeps_weights_smaller()
    {
        double Norm(double l2)
        {
            var run = new TrainingSession(new ModelOptions { HiddenUnits = [32] },
                new TrainingOptions { MaxEpochs = 10, L2 = l2, LearningRate = 0.01 }, BlobSplit);
            run.Run();
            return run.Network.DenseLayers[0].Weights.Value.Sum(w => (double)w * w);
        }

        Assert.True(Norm(0.01) < 0.5 * Norm(0));
    }

    [Fact]
    public void Dropout_acts_only_while_training()
    {
        var run = new TrainingSession(new ModelOptions { HiddenUnits = [32], Dropout = 0.5f },
            new TrainingOptions { MaxEpochs = 2 }, BlobSplit);
        run.Run();
        var a = run.Predict(Blobs.Features, 20);
        var b = run.Predict(Blobs.Features, 20);
        Assert.Equal(a, b);
    }
}
