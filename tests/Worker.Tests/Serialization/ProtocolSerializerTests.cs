using System.Collections;
using System.Reflection;
using Akka.Actor;
using Akka.Hosting;
using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Training;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Protocol.Serialization;
using Hpo.TestSupport;

namespace Hpo.Worker.Tests.Serialization;

public sealed class ProtocolSerializerTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithHpoSerializer();

    /// <summary>A plan where every option differs from its default, so a dropped field shows.</summary>
    private static TrialPlan FullPlan() => new()
    {
        Data = new DataOptions
        {
            Csv = "data/train.csv",
            Target = "label",
            Header = false,
            Task = TaskKind.Regression,
            Samples = 321,
            Features = 5,
            Centers = 4,
            ClusterStd = 0.7,
            Noise = 0.3,
            Factor = 0.4,
            Informative = 3,
            Classes = 6,
            DataSeed = 9,
            Validation = 0.15,
            Test = 0.1,
            SplitSeed = 8,
        },
        Task = TaskKind.Regression,
        Model = new ModelOptions
        {
            HiddenUnits = [64, 32, 16],
            Activation = ActivationKind.LeakyRelu,
            ActivationAlpha = 0.2f,
            Init = InitKind.GlorotUniform,
            InitScale = 0.1f,
            BiasInit = 0.01f,
            BatchNorm = BatchNormPlacement.Before,
            BatchNormMomentum = 0.8f,
            Dropout = 0.25f,
        },
        Training = new TrainingOptions
        {
            Loss = LossKind.Huber,
            HuberDelta = 2f,
            ClassWeights = [1f, 2.5f],
            BalancedClassWeights = true,
            Optimizer = OptimizerKind.AdamW,
            LearningRate = 0.003,
            Momentum = 0.8,
            Beta1 = 0.85,
            Beta2 = 0.99,
            Epsilon = 1e-6,
            Rho = 0.8,
            WeightDecay = 0.02,
            L1 = 1e-5,
            L2 = 1e-4,
            BatchSize = 64,
            Shuffle = false,
            Schedule = new ScheduleOptions
            {
                Kind = ScheduleKind.CosineRestarts,
                Decay = 0.02,
                DropFactor = 0.3,
                DropEvery = 7,
                Period = 12,
                PeriodMultiplier = 2,
                MinLearningRate = 1e-5,
                WarmupEpochs = 2,
                Patience = 4,
            },
            ClipNorm = 1.5,
            ClipValue = 0.5,
            InputScaling = ScalingKind.Normalize,
            TargetScaling = ScalingKind.Standardize,
            MaxEpochs = 81,
            Seed = 42,
            EarlyStopping = new EarlyStoppingOptions { Monitor = "val_mae", Mode = ObjectiveMode.Max, Patience = 9, MinDelta = 0.001, RestoreBestWeights = false },
            Pretraining = new PretrainingOptions { Kind = PretrainingKind.Autoencoder, EpochsPerLayer = 3, FreezePretrained = true },
            Transfer = new TransferOptions { FreezeLayers = 1, LearningRate = 1e-4, TransferredLayers = 2, KeepOutput = true },
        },
        ObjectiveMetric = "val_mae",
        TransferFrom = "models/base.hpo",
        Pretraining = PretrainingKind.Supervised,
    };

    private IEnumerable<IProtocolMessage> Samples()
    {
        yield return new TrainTrial("sweep-7", 12, 345, "akka.tcp://hpo@127.0.0.1:4055#77", FullPlan(), 3, 9, TestActor);
        yield return new ReleaseTrial("sweep-7", 12, "akka.tcp://hpo@127.0.0.1:4055#77");
        yield return new EpochReport("sweep-7", 12, 345, 4, 0.93,
            TestEpochs.Metrics(4, 0.25, double.NaN, 0.93, seconds: 0.75, samplesPerSecond: 12345.5, diverged: true) with { TrainMse = double.PositiveInfinity },
            [new TrainingIssue { Kind = IssueKind.DeadRelu, Epoch = 2, Evidence = "41% of units", Advice = "lower the rate", Occurrences = 3, LastEpoch = 4 },
             new TrainingIssue { Kind = IssueKind.UnscaledInputs, Epoch = 0, Evidence = "x", Advice = "scale" }],
            "node-b");
        yield return new EpochReport("s", 1, 1, 1, null, TestEpochs.Metrics(1), [], "n");
        yield return new RungCompleted("sweep-7", 12, 345, 9, true, "early stopping: val_loss did not improve", "node-b");
        yield return new RungCompleted("sweep-7", 12, 346, 6, false, null, "node-b");
        yield return new TrainingFailed("sweep-7", 12, 345, "data.csv:3: column 2: 'x' is not a number", "node-b", Retryable: true);
        yield return new NodeCapacity("akka.tcp://hpo@127.0.0.1:4055#77", 8, 3);
        yield return new FetchModel("sweep-7", -1);
        yield return new ModelPart("sweep-7", 12, 9, 1, 3, [1, 2, 3, 250, 0]);
        yield return new ModelMissing("sweep-7", 12, "not stored on this node");
        yield return new FetchDatasetChunk("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3);
        yield return new DatasetChunk("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3, 5, 262_150, [0, 255, 10, 44]);
        yield return new DatasetMissing("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "not stored", Retryable: true);
        yield return new TrainingFailed("sweep-7", 12, 346, "handed back at epoch 5: its node is leaving", "node-b", Retryable: true, HandedBack: true);
        yield return new NodeCapacity("akka.tcp://hpo@127.0.0.1:4055#77", 0, 2, 0, [new HeldDispatch("digits-asha", 4, 17, true)], Leaving: true);
        yield return new EvaluateTrial("sweep-7", 12, "akka.tcp://hpo@127.0.0.1:4055#77", FullPlan(), 27, TestActor);
        yield return new TrialEvaluated("sweep-7", 12, 27, new Evaluation(360, 0.0831, 0.975, null, null, null), null, "node-b");
        yield return new TrialEvaluated("sweep-7", 12, 27, new Evaluation(88, double.NaN, null, 12.5, 2.25, -0.125), null, "node-b");
        yield return new TrialEvaluated("sweep-7", 12, 9, null, "its checkpoint cannot be read", "node-b");
        yield return new EvaluateTrial("sweep-7", 12, "akka.tcp://hpo@127.0.0.1:4055#77", FullPlan(), 9, TestActor) { StoreModel = true };
        yield return new TrialEvaluated("sweep-7", 12, 9, null, null, "node-b") { Stored = true };
        yield return new TrialEvaluated("sweep-7", 12, 9, null, null, "node-b") { StoreError = "the checkpoint store cannot keep it" };
        yield return new RefitTrial("sweep-7", 12, "akka.tcp://hpo@127.0.0.1:4055#77", FullPlan(), 14, TestActor);
        yield return new TrialRefitted("sweep-7", 12, 14, 1437, new Evaluation(360, 0.0712, 0.9806, null, null, null), null, "node-b");
        yield return new TrialRefitted("sweep-7", 12, 14, 0, null, "the model diverged by epoch 3", "node-b");
        yield return new NodeCapacity("akka.tcp://hpo@127.0.0.1:4055#77", 8, 9, 8, [new HeldDispatch("digits-asha", 4, 17, true), new HeldDispatch("digits-asha", 5, 18, false)]);
    }

    [Fact]
    public void Every_message_is_bound_to_the_protocol_serializer_and_comes_back_equal()
    {
        var serialization = Sys.Serialization;
        foreach (var message in Samples())
        {
            var serializer = serialization.FindSerializerFor(message);
            Assert.IsType<ProtocolSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            var bytes = serializer.ToBinary(message);

            var back = serialization.Deserialize(bytes, serializer.Identifier, manifest);

            Assert.IsType(message.GetType(), back);
            DeepEqual(message, back, message.GetType().Name);
        }
    }

    [Fact]
    public void Every_protocol_message_type_has_a_manifest_and_a_sample()
    {
        var types = typeof(IProtocolMessage).Assembly.GetTypes()
            .Where(t => typeof(IProtocolMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToHashSet();

        Assert.Equal(types.OrderBy(t => t.Name), ProtocolJson.Manifests.Keys.OrderBy(t => t.Name));
        Assert.Equal(types.OrderBy(t => t.Name), Samples().Select(m => m.GetType()).Distinct().OrderBy(t => t.Name));
        Assert.Equal(ProtocolJson.Manifests.Count, ProtocolJson.Manifests.Values.Distinct().Count());
        Assert.All(ProtocolJson.Manifests.Values, m => Assert.InRange(m.Length, 1, 4));
    }

    [Fact]
    public void The_actor_reference_resolves_to_the_same_actor()
    {
        var serializer = Sys.Serialization.FindSerializerFor(Samples().First());
        var message = (TrainTrial)Samples().First();
        var back = (TrainTrial)Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, "tt");

        back.ReplyTo.Tell("hello");
        ExpectMsg("hello");
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var serializer = Sys.Serialization.FindSerializerFor(Samples().First());
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            Sys.Serialization.Deserialize("{}"u8.ToArray(), serializer.Identifier, "zz"));
    }

    [Fact]
    public void Plans_with_equal_content_have_equal_keys()
    {
        Assert.Equal(ProtocolJson.PlanKey(FullPlan()), ProtocolJson.PlanKey(FullPlan()));
        Assert.NotEqual(ProtocolJson.PlanKey(FullPlan()), ProtocolJson.PlanKey(FullPlan() with { ObjectiveMetric = "loss" }));
    }

    /// <summary>Compares public properties recursively: sequences by element, dictionaries by key, doubles bit for bit.</summary>
    private static void DeepEqual(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} vs {actual ?? "null"}");
            return;
        }
        switch (expected)
        {
            case IActorRef or string or Enum or bool or int or long or float:
                Assert.True(expected.Equals(actual), $"{path}: {expected} vs {actual}");
                return;
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual) || (double.IsNaN(d) && double.IsNaN((double)actual)),
                    $"{path}: {d} vs {actual}");
                return;
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                Assert.Equal(dictionary.Count, other.Count);
                foreach (DictionaryEntry entry in dictionary) DeepEqual(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                return;
            case IEnumerable sequence:
                var a = sequence.Cast<object?>().ToList();
                var b = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(a.Count == b.Count, $"{path}: {a.Count} vs {b.Count} items");
                for (int i = 0; i < a.Count; i++) DeepEqual(a[i], b[i], $"{path}[{i}]");
                return;
        }
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            DeepEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }
}
