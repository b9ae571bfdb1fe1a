using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Losses;

/// <summary>
/// The small interface for a custom loss: the value of one sample and its gradient with respect to
/// that sample's raw outputs. Weighting and averaging over the batch are done for it.
/// </summary>
public abstract class SampleLoss : ILoss
{
    public abstract string Name { get; }

    /// <summary>Returns the sample's loss and writes dLoss/dOutput into gradient.</summary>
    public abstract float Sample(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient);

    public virtual void ToPredictions(Span<float> outputs) { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual double Compute(Matrix outputs, Matrix targets, ReadOnlySpan<float> sampleWeights, Matrix gradient)
    {
        int n = outputs.Rows;
        gradient.SetRows(n);
        double total = 0;
        float inverseN = 1f / n;
        for (int r = 0; r < n; r++)
        {
            var g = gradient.Row(r);
            float loss = Sample(outputs.Row(r), targets.Row(r), g);
            float w = sampleWeights.IsEmpty ? 1f : sampleWeights[r];
            total += (double)w * loss;
            float scale = w * inverseN;
            for (int j = 0; j < g.Length; j++) g[j] = Subnormals.FlushBelow(g[j] * scale, Subnormals.Negligible);
        }
        return total / n;
    }
}
