using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class AllocationTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, BatchNormPlacement.Before, 0.2f)]
    [InlineData(OptimizerKind.Nesterov, BatchNormPlacement.None, 0f)]
    public void An_epoch_allocates_nothing_per_batch(OptimizerKind optimizer, BatchNormPlacement batchNorm, float dropout)
    {
        var split = DataSplitter.Split(Generators.Blobs(600, 8, 3, 1.0, seed: 1), 0.2, 0, seed: 1);
        var model = new ModelOptions { HiddenUnits = [32, 16], BatchNorm = batchNorm, Dropout = dropout, Activation = ActivationKind.Gelu };
        var session = new TrainingSession(model, new TrainingOptions
        {
            Optimizer = optimizer,
            BatchSize = 1,
            MaxEpochs = 3,
            ClipNorm = 1.0,
            L2 = 1e-4,
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Cosine },
        }, split);
        session.TrainEpoch(); // warm-up: JIT and lazily sized buffers

        long before = GC.GetAllocatedBytesForCurrentThread();
        session.TrainEpoch(); // 480 batches of one sample
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // An epoch's own bookkeeping (its metrics record, the learning curve) is a few hundred bytes;
        // one allocation per batch would be tens of kilobytes.
        Assert.True(allocated < 8 * 1024, $"an epoch of 480 batches allocated {allocated} bytes");
    }
}
