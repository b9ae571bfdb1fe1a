using BenchmarkDotNet.Attributes;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Benchmarks;

/// <summary>
/// The passes around the products, rows x columns as a layer sees them: bias and ReLU (fused and as two
/// passes), ReLU's derivative with the bias gradient (fused and as two passes). Counted in bytes moved.
/// </summary>
public class ElementWiseBenchmarks
{
    private float[] _z = [], _y = [], _dy = [], _dz = [], _bias = [], _biasGradient = [];
    private int _rows, _cols;

    /// <summary>batch x units of the cases' hidden layers.</summary>
    [Params("32x128 a", "128x256 b", "256x1024 d")]
    public string Shape { get; set; } = "";

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var d = Work.Dimensions(Shape);
        (_rows, _cols) = (d[0], d[1]);
        var rng = new Random(2);
        _z = GemmBenchmarks.Fill(rng, _rows * _cols);
        _dy = GemmBenchmarks.Fill(rng, _rows * _cols);
        _y = new float[_rows * _cols];
        _dz = new float[_rows * _cols];
        _bias = GemmBenchmarks.Fill(rng, _cols);
        _biasGradient = new float[_cols];
    }

    /// <summary>z += bias; y = max(z, 0), one pass (what a dense layer followed by ReLU runs).</summary>
    [Benchmark]
    public void BiasRelu() => ActivationKernels.BiasRelu(_z, _rows, _cols, _bias, _y);

    /// <summary>The same as two passes, for comparison.</summary>
    [Benchmark]
    public void BiasThenRelu()
    {
        ElementWise.AddRowVector(_z, _rows, _cols, _bias);
        ActivationKernels.Relu(_z, _y);
    }

    /// <summary>dz = z &gt; 0 ? dy : 0 and the bias gradient, one pass.</summary>
    [Benchmark]
    public void ReluBackwardBiasGradient() => ActivationKernels.ReluBackwardBiasGradient(_z, _dy, _dz, _rows, _cols, _biasGradient);

    /// <summary>The same as two passes, for comparison.</summary>
    [Benchmark]
    public void ReluBackwardThenBiasGradient()
    {
        ActivationKernels.ReluBackward(_z, _dy, _dz);
        ElementWise.SumColumns(_dz, _rows, _cols, _biasGradient);
    }
}
