using Hpo.Engine.Data;

namespace Hpo.Engine.Tests.Data;

public class DataStatisticsTests
{
    [Fact]
    public void Computes_mean_std_min_max_per_column()
    {
        float[] data = [1, -5, 2, -5, 3, 10, 6, 20];
        var s = DataStatistics.Compute(data, 2);
        Assert.Equal(3.0, s[0].Mean, 1e-12);
        Assert.Equal(Math.Sqrt(3.5), s[0].Std, 1e-12);
        Assert.Equal((1.0, 6.0), (s[0].Min, s[0].Max));
        Assert.Equal(5.0, s[1].Mean, 1e-12);
        Assert.Equal(20.0, s[1].MaxAbs);
        Assert.Equal(4, s[1].Count);
    }

    [Fact]
    public void Non_finite_values_are_counted_not_averaged()
    {
        float[] data = [1, float.NaN, 3, float.PositiveInfinity];
        var s = DataStatistics.Compute(data, 1);
        Assert.Equal(2.0, s[0].Mean);
        Assert.Equal(2, s[0].NonFinite);
        Assert.Equal(2, s[0].Count);
    }

    [Fact]
    public void Shows_diabetes_targets_are_unscaled()
    {
        var t = DataStatistics.Targets(BuiltinDatasets.Diabetes()).Single();
        Assert.InRange(t.Mean, 150, 154);
        Assert.InRange(t.Std, 70, 85);
        Assert.Empty(DataStatistics.Targets(BuiltinDatasets.Iris()));
        Assert.Equal(64, DataStatistics.Features(BuiltinDatasets.Digits()).Length);
    }
}
