using Hpo.Engine.Data;
using Hpo.Engine.Model;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>
/// Better Deep Learning: jump-start with transfer learning. Two blobs problems with the same features
/// (the book's random_state 1 and 2), a deep narrow ReLU network, SGD with momentum.
/// </summary>
public class TransferLearningTests
{
    private static readonly DataSplit Problem1 = DataSplitter.Split(Generators.Blobs(1000, 2, 3, 2.0, seed: 1), 0.5, 0, seed: 1);
    private static readonly DataSplit Problem2 = DataSplitter.Split(Generators.Blobs(1000, 2, 3, 2.0, seed: 2), 0.5, 0, seed: 1);
    private static readonly ModelOptions Deep = new() { HiddenUnits = [5, 5, 5, 5, 5], Init = InitKind.HeUniform };
    private static readonly TrainingOptions Sgd = new() { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9, BatchSize = 32, MaxEpochs = 50 };

    private static readonly Lazy<TrainingSession> Source = new(() =>
    {
        var s = new TrainingSession(Deep, Sgd, Problem1);
        s.Run();
        return s;
    });

    private static TrainingSession Transferred(int seed, int freeze = 0, double? rate = null, int epochs = 50) =>
        new(Deep, Sgd with { Seed = seed, MaxEpochs = epochs, Transfer = new TransferOptions { TransferredLayers = 5, FreezeLayers = freeze, LearningRate = rate } },
            Problem2, initialValues: WarmStart.HiddenValues(Source.Value.Network));

    [Fact]
    public void A_transferred_network_reaches_the_target_accuracy_in_fewer_epochs_than_one_from_scratch()
    {
        var scratchEpochs = new List<int>();
        var transferEpochs = new List<int>();
        for (int seed = 1; seed <= 8; seed++)
        {
            var scratch = new TrainingSession(Deep, Sgd with { Seed = seed }, Problem2);
            scratch.Run();
            var transfer = Transferred(seed);
            transfer.Run();
            scratchEpochs.Add(EpochsTo(scratch, 0.75));
            transferEpochs.Add(EpochsTo(transfer, 0.75));
        }
        Assert.True(transferEpochs.Average() < 0.7 * scratchEpochs.Average(),
            $"epochs to 0.75: transfer [{string.Join(", ", transferEpochs)}] vs scratch [{string.Join(", ", scratchEpochs)}]");
    }

    private static int EpochsTo(TrainingSession s, double accuracy) =>
        s.Curve.FirstOrDefault(m => m.ValAccuracy >= accuracy)?.Epoch ?? s.Options.MaxEpochs + 1;

    [Fact]
    public void Frozen_layers_keep_their_transferred_weights_bit_for_bit()
    {
        var run = Transferred(seed: 3, freeze: 2, epochs: 5);
        run.Run();
        var source = Source.Value.Network.Parameters.ToDictionary(p => p.Name);
        foreach (var p in run.Network.Parameters.Where(p => p.Name.StartsWith("hidden1.") || p.Name.StartsWith("hidden2.")))
            Assert.Equal(source[p.Name].Value, p.Value);
        var third = run.Network.DenseLayers[2].Weights;
        Assert.NotEqual(source[third.Name].Value, third.Value);
    }

    [Fact]
    public void Transferred_layers_can_learn_at_their_own_rate_and_the_output_layer_is_new()
    {
        var run = Transferred(seed: 1, rate: 0.001);
        Assert.All(run.Network.Parameters.Where(p => p.Name.StartsWith("hidden")), p => Assert.Equal(0.1f, p.LearningRateScale, 5));
        Assert.Equal(1f, run.Network.DenseLayers[^1].Weights.LearningRateScale);
        Assert.NotEqual(Source.Value.Network.DenseLayers[^1].Weights.Value, run.Network.DenseLayers[^1].Weights.Value);
    }

    [Fact]
    public void Weights_from_a_network_of_another_width_are_refused()
    {
        var other = new TrainingSession(new ModelOptions { HiddenUnits = [7] }, Sgd, Problem1);
        var ex = Assert.Throws<TrainingSetupException>(() => new TrainingSession(Deep, Sgd, Problem2, initialValues: WarmStart.HiddenValues(other.Network)));
        Assert.Contains("hidden1.weights", ex.Message);
    }
}
