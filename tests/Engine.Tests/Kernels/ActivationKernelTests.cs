using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class ActivationKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(200)]
    public void Relu_and_its_derivative_match_the_definition(int length)
    {
        var rng = new Random(length);
        float[] x = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] dy = Enumerable.Range(0, length).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] y = new float[length], dx = new float[length];

        ActivationKernels.Relu(x, y);
        ActivationKernels.ReluBackward(x, dy, dx);

        Assert.Equal(x.Select(v => MathF.Max(v, 0f)), y);
        Assert.Equal(x.Zip(dy, (v, d) => v > 0f ? d : 0f), dx);
    }

    [Fact]
    public void Relu_keeps_nan()
    {
        float[] x = Enumerable.Repeat(float.NaN, 20).ToArray(), y = new float[20];
        ActivationKernels.Relu(x, y);
        Assert.All(y, v => Assert.True(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(7, 50)]
    [InlineData(32, 128)]
    public void Max_columns_keeps_the_largest_value_of_each_column(int rows, int cols)
    {
        var rng = new Random(rows * cols);
        float[] m = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] peak = Enumerable.Repeat(0.5f, cols).ToArray();

        ActivationKernels.MaxColumns(m, rows, cols, peak);

        for (int j = 0; j < cols; j++)
            Assert.Equal(Enumerable.Range(0, rows).Select(r => m[r * cols + j]).Append(0.5f).Max(), peak[j]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 15)]
    [InlineData(3, 16)]
    [InlineData(4, 17)]
    [InlineData(32, 50)]
    [InlineData(9, 1024)]
    [InlineData(3, 1030)]
    [InlineData(5, 600)]
    public void Fused_bias_relu_passes_give_the_same_bits_as_the_passes_one_by_one(int rows, int cols)
    {
        var rng = new Random(rows * 1000 + cols);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] z = Values(rows * cols), bias = Values(cols), dy = Values(rows * cols);

        float[] fusedZ = (float[])z.Clone(), fusedY = new float[rows * cols];
        ActivationKernels.BiasRelu(fusedZ, rows, cols, bias, fusedY);
        float[] plainZ = (float[])z.Clone(), plainY = new float[rows * cols];
        ElementWise.AddRowVector(plainZ, rows, cols, bias);
        ActivationKernels.Relu(plainZ, plainY);
        Assert.Equal(plainZ, fusedZ);
        Assert.Equal(plainY, fusedY);

        float[] fusedDz = new float[rows * cols], fusedBias = Enumerable.Repeat(float.NaN, cols).ToArray();
        ActivationKernels.ReluBackwardBiasGradient(fusedZ, dy, fusedDz, rows, cols, fusedBias);
        float[] plainDz = new float[rows * cols], plainBias = new float[cols];
        ActivationKernels.ReluBackward(fusedZ, dy, plainDz);
        ElementWise.SumColumns(plainDz, rows, cols, plainBias);
        Assert.Equal(plainDz, fusedDz);
        Assert.Equal(plainBias, fusedBias);
    }

    [Theory]
    [InlineData(256, 1024, 2)]
    [InlineData(100, 1030, 3)]
    [InlineData(120, 700, 2)]
    public void Bias_relu_passes_split_over_threads_give_the_same_bits_as_on_one(int rows, int cols, int threads)
    {
        Assert.True(rows * cols >= ActivationTeamJob.MinSplitSize);
        var rng = new Random(rows + cols);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] z = Values(rows * cols), bias = Values(cols), dy = Values(rows * cols);

        float[] oneZ = (float[])z.Clone(), oneY = new float[rows * cols];
        ActivationKernels.BiasRelu(oneZ, rows, cols, bias, oneY);
        float[] splitZ = (float[])z.Clone(), splitY = new float[rows * cols];
        ActivationTeamJob.BiasRelu(splitZ, rows, cols, bias, splitY, threads);
        Assert.Equal(oneZ, splitZ);
        Assert.Equal(oneY, splitY);

        float[] oneDz = new float[rows * cols], oneBias = new float[cols];
        ActivationKernels.ReluBackwardBiasGradient(oneZ, dy, oneDz, rows, cols, oneBias);
        float[] splitDz = new float[rows * cols], splitBias = Enumerable.Repeat(float.NaN, cols).ToArray();
        ActivationTeamJob.ReluBackwardBiasGradient(oneZ, dy, splitDz, rows, cols, splitBias, threads);
        Assert.Equal(oneDz, splitDz);
        Assert.Equal(oneBias, splitBias);
    }
}
