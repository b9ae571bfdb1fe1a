using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class StepAllocationTests
{
    private static DataSplit Split(Dataset data) => new(data, data.Subset([]), null);

    public static TheoryData<OptimizerKind, int, int, bool> Cases() => new()
    {
        { OptimizerKind.Momentum, 32, 1, true },
        { OptimizerKind.Adam, 32, 1, true },
        { OptimizerKind.Momentum, 1, 1, false },
        { OptimizerKind.Momentum, 128, 2, true },
        { OptimizerKind.Nesterov, 16, 1, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_steps_allocate_nothing_after_warm_up(OptimizerKind optimizer, int batch, int threads, bool classification)
    {
        var data = classification
            ? Generators.Blobs(512, features: 256, centers: 10, clusterStd: 2.0, seed: 5)
            : Generators.Regression(256, features: 2, informative: 2, noise: 0.1, seed: 1);
        var session = new TrainingSession(new ModelOptions { HiddenUnits = [256, 50], Init = InitKind.GlorotUniform },
            new TrainingOptions { Optimizer = optimizer, LearningRate = 0.001, BatchSize = batch, Threads = threads, TargetScaling = ScalingKind.Standardize },
            Split(data));
        for (int e = 0; e < 3; e++) session.TrainSteps();

        // An epoch of steps that allocated would allocate every time; the runtime itself allocates now and
        // then on a thread while it promotes jitted code, so one clean epoch out of five is the evidence.
        var allocated = new List<long>();
        for (int e = 0; e < 5; e++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            session.TrainSteps();
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (allocated[^1] == 0) break;
        }

        Assert.True(allocated[^1] == 0, $"bytes allocated by successive epochs of steps: {string.Join(", ", allocated)}");
    }

    [Fact]
    public void A_whole_epoch_allocates_only_its_per_epoch_record()
    {
        // Per epoch (metrics, learning curve, checks) a little is allocated; per step nothing: an epoch of
        // 16 steps must allocate no more than an epoch of 2.
        var data = Generators.Blobs(512, features: 8, centers: 3, clusterStd: 2.0, seed: 5);
        // The least of three epochs: the runtime itself allocates now and then while it promotes jitted code.
        long EpochBytes(int batch)
        {
            var session = new TrainingSession(new ModelOptions { HiddenUnits = [32] },
                new TrainingOptions { Optimizer = OptimizerKind.Momentum, BatchSize = batch, MaxEpochs = 20 }, Split(data));
            session.TrainEpoch();
            session.TrainEpoch();
            long least = long.MaxValue;
            for (int e = 0; e < 3; e++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                session.TrainEpoch();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }

        Assert.True(EpochBytes(32) <= EpochBytes(256), $"16 steps: {EpochBytes(32)} bytes, 2 steps: {EpochBytes(256)} bytes");
    }
}
