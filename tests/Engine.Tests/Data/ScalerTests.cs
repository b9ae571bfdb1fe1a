using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class ScalerTests
{
    // 4 rows x 3 columns; column 2 is constant.
    private static float[] Sample() => [1, 100, 7, 2, 300, 7, 3, 200, 7, 10, 400, 7];

    [Fact]
    public void Standardized_columns_have_mean_0_and_std_1()
    {
        var data = BuiltinDatasets.Diabetes().Features;
        var scaler = Scaler.Fit(ScalingKind.Standardize, data, 10);
        scaler.Transform(data);
        foreach (var s in DataStatistics.Compute(data, 10))
        {
            Assert.InRange(s.Mean, -1e-5, 1e-5);
            Assert.InRange(s.Std, 1 - 1e-4, 1 + 1e-4);
        }
    }

    [Fact]
    public void Normalized_training_columns_span_0_to_1()
    {
        var data = Sample();
        var scaler = Scaler.Fit(ScalingKind.Normalize, data, 3);
        scaler.Transform(data);
        Assert.Equal([0f, 0f, 0f, 1 / 9f, 2 / 3f, 0f, 2 / 9f, 1 / 3f, 0f, 1f, 1f, 0f], data);
    }

    [Fact]
    public void Constant_columns_are_centred_and_finite()
    {
        foreach (var kind in new[] { ScalingKind.Standardize, ScalingKind.Normalize })
        {
            var data = Sample();
            var scaler = Scaler.Fit(kind, data, 3);
            Assert.Equal(1f, scaler.Scale[2]);
            scaler.Transform(data);
            Assert.All(data, v => Assert.True(float.IsFinite(v)));
            for (int r = 0; r < 4; r++) Assert.Equal(0f, data[r * 3 + 2]);
        }
    }

    [Fact]
    public void Inverse_transform_round_trips()
    {
        foreach (var kind in new[] { ScalingKind.None, ScalingKind.Standardize, ScalingKind.Normalize })
        {
            var original = Sample();
            var data = Sample();
            var scaler = Scaler.Fit(kind, data, 3);
            scaler.Transform(data);
            scaler.InverseTransform(data);
            for (int i = 0; i < data.Length; i++) Assert.Equal(original[i], data[i], 1e-3f);
        }
    }

    [Fact]
    public void Fitted_parameters_are_exposed_and_restorable_and_apply_to_new_data()
    {
        var train = Sample();
        var scaler = Scaler.Fit(ScalingKind.Standardize, train, 3);
        Assert.Equal([4f, 250f, 7f], scaler.Offset);
        Assert.Equal((float)Math.Sqrt(12.5), scaler.Scale[0], 1e-5f);
        var restored = Scaler.FromParameters(scaler.Kind, scaler.Offset, scaler.Scale);
        float[] test = [4, 250, 8];
        restored.Transform(test);
        Assert.Equal([0f, 0f, 1f], test); // test data uses the training parameters
        Assert.Throws<ArgumentException>(() => Scaler.FromParameters(ScalingKind.Standardize, [0f], [0f]));
        Assert.Throws<ArgumentException>(() => scaler.Transform(new float[4]));
    }

    [Fact]
    public void None_leaves_data_unchanged()
    {
        var data = Sample();
        var scaler = Scaler.Fit(ScalingKind.None, data, 3);
        scaler.Transform(data);
        Assert.Equal(Sample(), data);
        Assert.All(scaler.Scale, s => Assert.Equal(1f, s));
    }
}
