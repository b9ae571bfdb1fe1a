using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class ThreadsTests
{
    [Fact]
    public void Splitting_a_step_over_threads_gives_bit_identical_weights()
    {
        // 128 x 256 x 256 products are large enough to be split over two threads.
        var data = Generators.Blobs(512, features: 256, centers: 10, clusterStd: 2.0, seed: 7);
        var split = new DataSplit(data, data.Subset([]), null);
        float[][] Train(int threads)
        {
            var session = new TrainingSession(new ModelOptions { HiddenUnits = [256, 256] },
                new TrainingOptions { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, BatchSize = 128, MaxEpochs = 3, Threads = threads, Seed = 2 },
                split);
            session.Run();
            return session.Network.Parameters.Select(p => p.Value.ToArray()).ToArray();
        }

        var one = Train(1);
        var two = Train(2);

        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Fact]
    public void Fewer_than_one_thread_is_rejected()
    {
        var data = Generators.Blobs(64, features: 4, centers: 2, clusterStd: 1.0, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingSession(new ModelOptions(),
            new TrainingOptions { Threads = 0 }, new DataSplit(data, data.Subset([]), null)));
    }
}
