using System.Globalization;

namespace Hpo.Engine.Benchmarks;

/// <summary>What one call of a benchmark does: floating-point operations or bytes moved, from its shape.</summary>
public static class Work
{
    /// <summary>Parses "M x N x K" or "R x C" (text after a space, such as a case name, is ignored).</summary>
    public static int[] Dimensions(string shape) =>
        shape.Split(' ')[0].Split('x').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>(amount, true when it counts flops, false when bytes) of <paramref name="method"/> at <paramref name="shape"/>.</summary>
    public static (double Amount, bool Flops) Of(string method, string shape)
    {
        var d = Dimensions(shape);
        double elements = d.Aggregate(1.0, (a, b) => a * b);
        return method switch
        {
            "Forward_NN" or "WeightGradient_TN" or "InputGradient_NT" => (2.0 * d[0] * d[1] * d[2], true),
            // rows x cols: the value each pass reads and writes, 4 bytes a float
            "BiasRelu" => (elements * 3 * 4, false),            // read z, write z and y
            "BiasThenRelu" => (elements * 4 * 4, false),        // two passes: read/write z, read z write y
            "ReluBackwardBiasGradient" => (elements * 3 * 4, false), // read z and dy, write dz
            "ReluBackwardThenBiasGradient" => (elements * 4 * 4, false),
            "SoftmaxCrossEntropy" => (elements * 3 * 4, false), // read logits and targets, write the gradient
            "Momentum" => (elements * 5 * 4, false),            // read w, v, g; write w, v
            "Adam" => (elements * 7 * 4, false),                // read w, m, v, g; write w, m, v
            _ => (double.NaN, true),
        };
    }
}
