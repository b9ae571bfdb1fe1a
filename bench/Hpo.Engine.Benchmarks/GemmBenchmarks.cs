using BenchmarkDotNet.Attributes;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Benchmarks;

/// <summary>
/// The three products of a dense layer, M x N x K as a layer sees them (batch x outputs x inputs for
/// the forward pass): forward Y = X W (NN), weight gradient dW = X^T dY (TN), input gradient dX = dY W^T (NT).
/// </summary>
public class GemmBenchmarks
{
    private float[] _x = [], _w = [], _y = [], _dw = [], _dx = [];
    private int _batch, _outputs, _inputs;

    /// <summary>batch x outputs x inputs: the hidden layers of the cases, then a square 1024 product.</summary>
    [Params("32x128x128 a", "128x256x784 b", "128x256x256 b", "256x1024x784 d", "256x1024x1024 d", "1024x1024x1024")]
    public string Shape { get; set; } = "";

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var d = Work.Dimensions(Shape);
        (_batch, _outputs, _inputs) = (d[0], d[1], d[2]);
        var rng = new Random(1);
        _x = Fill(rng, _batch * _inputs);
        _w = Fill(rng, _inputs * _outputs);
        _y = Fill(rng, _batch * _outputs);
        _dw = new float[_inputs * _outputs];
        _dx = new float[_batch * _inputs];
    }

    /// <summary>Y[batch, outputs] = X[batch, inputs] W[inputs, outputs]; counted as 2 M N K flops.</summary>
    [Benchmark]
    public void Forward_NN() => Gemm.Multiply(_x, _w, _y, _batch, _outputs, _inputs);

    /// <summary>dW[inputs, outputs] = X^T dY: the same multiply-adds, A read transposed.</summary>
    [Benchmark]
    public void WeightGradient_TN() => Gemm.Multiply(_x, _y, _dw, _inputs, _outputs, _batch, transposeA: true);

    /// <summary>dX[batch, inputs] = dY W^T: the same multiply-adds, B read transposed.</summary>
    [Benchmark]
    public void InputGradient_NT() => Gemm.Multiply(_y, _w, _dx, _batch, _inputs, _outputs, transposeB: true);

    internal static float[] Fill(Random rng, int length)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
