using BenchmarkDotNet.Attributes;
using Hpo.Engine.Losses;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Benchmarks;

/// <summary>
/// Softmax fused with cross-entropy over the 10 logits of the classification cases: loss and gradient of
/// a batch. Counted in bytes moved, though the exponentials, not memory, bound it.
/// </summary>
public class LossBenchmarks
{
    private Matrix _logits = new(0, 0), _targets = new(0, 0), _gradient = new(0, 0);
    private readonly SoftmaxCrossEntropy _loss = new();

    /// <summary>batch x classes of cases a, b and d.</summary>
    [Params("32x10 a", "128x10 b", "256x10 d")]
    public string Shape { get; set; } = "";

    /// <summary>Random logits and one-hot targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var d = Work.Dimensions(Shape);
        int rows = d[0], cols = d[1];
        _logits = new Matrix(rows, cols, GemmBenchmarks.Fill(new Random(4), rows * cols));
        _targets = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) _targets[r, r % cols] = 1f;
        _gradient = new Matrix(rows, cols);
    }

    /// <summary>The batch's mean loss, with its gradient written.</summary>
    [Benchmark]
    public double SoftmaxCrossEntropy() => _loss.Compute(_logits, _targets, ReadOnlySpan<float>.Empty, _gradient);
}
