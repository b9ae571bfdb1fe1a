using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class BuiltinDatasetTests
{
    [Fact]
    public void Digits_is_1797_by_64_with_10_classes_and_pixels_0_to_16()
    {
        var d = BuiltinDatasets.Digits();
        Assert.Equal((1797, 64, 10), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.All(d.Features, v => Assert.InRange(v, 0f, 16f));
        var counts = Enumerable.Range(0, 10).Select(c => d.Labels!.Count(l => l == c)).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 170, 190));
        Assert.Equal(1797, counts.Sum());
        // First row of the file: a zero (pixels 0,0,5,13,9,1,0,0 ...).
        Assert.Equal(0, d.Labels![0]);
        Assert.Equal([0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f], d.FeatureRow(0)[..8].ToArray());
    }

    [Fact]
    public void Iris_is_150_by_4_with_3_named_balanced_classes()
    {
        var d = BuiltinDatasets.Iris();
        Assert.Equal((150, 4, 3), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal(["setosa", "versicolor", "virginica"], d.ClassNames!);
        Assert.Equal([50, 50, 50], Enumerable.Range(0, 3).Select(c => d.Labels!.Count(l => l == c)).ToArray());
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], d.FeatureRow(0).ToArray());
        Assert.Equal(4, d.FeatureNames!.Count);
    }

    [Fact]
    public void Diabetes_is_442_by_10_regression_with_unscaled_targets_25_to_346()
    {
        var d = BuiltinDatasets.Diabetes();
        Assert.Equal(TaskKind.Regression, d.Task);
        Assert.Equal((442, 10, 1), (d.Samples, d.FeatureCount, d.TargetCount));
        Assert.Equal(25f, d.Targets!.Min());
        Assert.Equal(346f, d.Targets!.Max());
        Assert.Equal(151f, d.Targets![0]);
        Assert.Equal([59f, 2f, 32.1f, 101f], d.FeatureRow(0)[..4].ToArray());
        Assert.Equal("bmi", d.FeatureNames![2]);
    }

    [Fact]
    public void Each_load_is_a_fresh_copy()
    {
        var a = BuiltinDatasets.Load("IRIS");
        a.Features[0] = 999;
        Assert.Equal(5.1f, BuiltinDatasets.Iris().Features[0]);
        Assert.Throws<DataException>(() => BuiltinDatasets.Load("mnist"));
    }
}
