using BenchmarkDotNet.Attributes;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Benchmarks;

/// <summary>The optimisers' updates over the parameter count of each case, counted in bytes moved.</summary>
public class OptimizerBenchmarks
{
    private float[] _w = [], _v = [], _m = [], _g = [];

    /// <summary>Parameters of cases a (26,122), b (269,322) and d (1,863,690).</summary>
    [Params("26122 a", "269322 b", "1863690 d")]
    public string Shape { get; set; } = "";

    /// <summary>Allocates and fills the parameter, state and gradient arrays.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int n = Work.Dimensions(Shape)[0];
        var rng = new Random(3);
        _w = GemmBenchmarks.Fill(rng, n);
        _g = GemmBenchmarks.Fill(rng, n);
        _m = new float[n];
        _v = new float[n];
    }

    /// <summary>SGD with momentum 0.9.</summary>
    [Benchmark]
    public void Momentum() => UpdateKernels.Momentum(_w, _v, _g, 1e-6f, 0.9f, nesterov: false);

    /// <summary>Adam (AdamW with a weight decay).</summary>
    [Benchmark]
    public void Adam() => UpdateKernels.Adam(_w, _m, _v, _g, 0.9f, 0.999f, 1e-8f, 1e-6f, 0f);
}
