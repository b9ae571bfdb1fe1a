using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class SampleWeightTests
{
    private const string Csv = "x,w,y\n0,1,0\n1,1,0\n2,3,1\n3,0,1\n";

    [Fact]
    public void A_csv_weight_column_becomes_sample_weights_and_not_a_feature()
    {
        var data = CsvLoader.Load(new StringReader(Csv), "w.csv", new CsvOptions { WeightColumn = "w" });
        Assert.Equal(1, data.FeatureCount);
        Assert.Equal(["x"], data.FeatureNames);
        Assert.Equal([1f, 1f, 3f, 0f], data.SampleWeights!);
        Assert.Equal([3f, 0f], data.Subset([2, 3]).SampleWeights!);
    }

    [Fact]
    public void A_negative_weight_names_its_line_and_column()
    {
        var ex = Assert.Throws<DataException>(() => CsvLoader.Load(new StringReader("x,w,y\n0,-1,0\n1,1,1\n"), "w.csv", new CsvOptions { WeightColumn = "w" }));
        Assert.Contains("w.csv:2: column 2 (\"w\")", ex.Message);
    }

    [Fact]
    public void Zero_weight_samples_do_not_move_the_model()
    {
        var blobs = Generators.Blobs(200, 2, 2, 1.0, seed: 3);
        var options = new TrainingOptions { MaxEpochs = 3, BatchSize = 0, InputScaling = ScalingKind.None, Shuffle = false };
        var zero = new TrainingSession(new ModelOptions { HiddenUnits = [4] }, options, new DataSplit(blobs.WithSampleWeights(new float[200]), blobs.Subset([]), null));
        var start = zero.Network.Parameters[0].Value.ToArray();
        zero.Run();
        Assert.Equal(start, zero.Network.Parameters[0].Value);
    }
}
