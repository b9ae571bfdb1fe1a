using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: greedy layer-wise pretraining.</summary>
public class PretrainingTests
{
    private static readonly DataSplit Circles = DataSplitter.Split(Generators.Circles(1000, noise: 0.1, factor: 0.5, seed: 1), 0.5, 0, seed: 1);
    private static readonly ModelOptions DeepSigmoid = new() { HiddenUnits = [10, 10, 10, 10, 10], Activation = ActivationKind.Sigmoid, Init = InitKind.GlorotUniform };
    private static readonly TrainingOptions Sgd = new() { Optimizer = OptimizerKind.Momentum, LearningRate = 0.3, Momentum = 0.9, BatchSize = 32, MaxEpochs = 60 };

    [Fact]
    public void Supervised_greedy_pretraining_rescues_a_deep_network_for_the_same_total_epochs()
    {
        var plain = new TrainingSession(DeepSigmoid, Sgd, Circles);
        plain.Run();

        var pretraining = new PretrainingOptions { Kind = PretrainingKind.Supervised, EpochsPerLayer = 5 };
        int pretrainingEpochs = GreedyPretraining.Epochs(DeepSigmoid, pretraining);
        Assert.Equal(20, pretrainingEpochs);
        var values = GreedyPretraining.Run(DeepSigmoid, Sgd with { Pretraining = pretraining }, Circles);
        var pretrained = new TrainingSession(DeepSigmoid, Sgd with { MaxEpochs = 60 - pretrainingEpochs }, Circles, initialValues: values);
        pretrained.Run();

        Assert.True(plain.Curve.Max(m => m.ValAccuracy) < 0.6, $"the plain deep network learned: {plain.Curve.Max(m => m.ValAccuracy):F3}");
        Assert.True(pretrained.Curve[^1].ValAccuracy > 0.9, $"the pretrained network reached only {pretrained.Curve[^1].ValAccuracy:F3}");
    }

    [Fact]
    public void Supervised_pretraining_grows_the_network_one_layer_at_a_time_up_to_one_short_of_its_depth()
    {
        var stages = new List<(int Stage, int Epoch)>();
        var model = DeepSigmoid with { HiddenUnits = [6, 5, 4] };
        var values = GreedyPretraining.Run(model, Sgd with { Pretraining = new() { EpochsPerLayer = 2 } }, Circles, (s, m) => stages.Add((s, m.Epoch)));
        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], stages);
        Assert.Equal(["hidden1.bias", "hidden1.weights", "hidden2.bias", "hidden2.weights"], values.Keys.Order());
        Assert.Equal(2 * 6, values["hidden1.weights"].Length);
        Assert.Equal(6 * 5, values["hidden2.weights"].Length);
    }

    [Fact]
    public void Freezing_keeps_earlier_layers_fixed_while_the_next_one_trains()
    {
        var model = DeepSigmoid with { HiddenUnits = [6, 5, 4] };
        var two = Sgd with { Pretraining = new() { EpochsPerLayer = 2, FreezePretrained = true } };
        var one = GreedyPretraining.Run(model with { HiddenUnits = [6, 5] }, two, Circles);
        var both = GreedyPretraining.Run(model, two, Circles);
        Assert.Equal(one["hidden1.weights"], both["hidden1.weights"]);
        Assert.Equal(one["hidden1.bias"], both["hidden1.bias"]);
        Assert.True(both.ContainsKey("hidden2.weights"));
    }

    [Fact]
    public void Autoencoder_pretraining_learns_to_reconstruct_the_inputs_layer_by_layer()
    {
        var model = new ModelOptions { HiddenUnits = [8, 6] };
        var losses = new Dictionary<int, List<double>>();
        var options = Sgd with { LearningRate = 0.01, Pretraining = new() { Kind = PretrainingKind.Autoencoder, EpochsPerLayer = 10 } };
        var values = GreedyPretraining.Run(model, options, Circles, (s, m) =>
        {
            if (!losses.TryGetValue(s, out var list)) losses[s] = list = [];
            list.Add(m.TrainLoss);
        });
        Assert.Equal([1, 2], losses.Keys.Order());
        foreach (var (stage, curve) in losses)
            Assert.True(curve[^1] < 0.5 * curve[0], $"stage {stage} reconstruction loss {curve[0]:F4} -> {curve[^1]:F4}");
        Assert.Equal(GreedyPretraining.Epochs(model, options.Pretraining!), losses.Values.Sum(l => l.Count));

        var session = new TrainingSession(model, options with { Pretraining = null, MaxEpochs = 1 }, Circles, initialValues: values);
        Assert.Equal(values["hidden2.weights"], session.Network.DenseLayers[1].Weights.Value);
        Assert.Equal(6 * 2, session.Network.DenseLayers[2].Weights.Length); // a new supervised head: 6 units -> 2 classes
    }
}
