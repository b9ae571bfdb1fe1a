using Hpo.Engine.Layers;
using Hpo.Engine.Losses;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Tests.Gradients;

/// <summary>
/// Central finite differences against analytic gradients. A layer is checked through the scalar
/// objective sum(upstream * layer(x)), so its backward pass gets a random upstream gradient.
/// </summary>
internal static class GradientCheck
{
    public const double Step = 1e-2;

    public static Matrix RandomMatrix(int rows, int cols, Rng rng, double scale = 1.0, double awayFromZero = 0.0)
    {
        var m = new Matrix(rows, cols);
        for (int i = 0; i < m.Data.Length; i++)
        {
            double v = rng.NextGaussian() * scale;
            if (awayFromZero > 0 && Math.Abs(v) < awayFromZero) v = Math.Sign(v == 0 ? 1 : v) * (awayFromZero + Math.Abs(v));
            m.Data[i] = (float)v;
        }
        return m;
    }

    public static double Objective(ILayer layer, Matrix x, float[] upstream, bool training)
    {
        var y = layer.Forward(x, training);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)y.Data[i] * upstream[i];
        return s;
    }

    /// <summary>Asserts that the layer's input and parameter gradients match finite differences.</summary>
    public static void CheckLayer(Func<ILayer> makeLayer, int batch, int inputWidth, int seed = 7,
        double tolerance = 2e-2, double inputAwayFromZero = 0.0, bool training = true)
    {
        var rng = new Rng(seed);
        var layer = makeLayer();
        layer.Allocate(batch);
        var x = RandomMatrix(batch, inputWidth, rng, 1.0, inputAwayFromZero);
        var upstreamMatrix = RandomMatrix(batch, layer.OutputWidth, rng);
        var upstream = upstreamMatrix.Data;

        layer.Forward(x, training);
        var analyticInput = layer.Backward(upstreamMatrix).Span.ToArray();
        var analyticParams = layer.Parameters.Where(p => p.Trainable).Select(p => p.Gradient.ToArray()).ToArray();

        // A fresh layer per evaluation keeps state such as dropout masks and running statistics identical.
        double Eval(Action<ILayer, Matrix> perturb)
        {
            var l = makeLayer();
            l.Allocate(batch);
            var xc = x.Clone();
            CopyParameters(layer, l);
            perturb(l, xc);
            return Objective(l, xc, upstream, training);
        }

        if (layer is not DenseLayer { ComputeInputGradient: false })
            for (int i = 0; i < x.Length; i++)
            {
                double plus = Eval((_, xc) => xc.Data[i] += (float)Step);
                double minus = Eval((_, xc) => xc.Data[i] -= (float)Step);
                AssertClose(analyticInput[i], (plus - minus) / (2 * Step), tolerance, $"{layer.Name} input[{i}]");
            }

        var trainable = layer.Parameters.Where(p => p.Trainable).ToArray();
        for (int p = 0; p < trainable.Length; p++)
        {
            for (int i = 0; i < trainable[p].Length; i++)
            {
                int pi = p, ii = i;
                double plus = Eval((l, _) => l.Parameters.Where(q => q.Trainable).ElementAt(pi).Value[ii] += (float)Step);
                double minus = Eval((l, _) => l.Parameters.Where(q => q.Trainable).ElementAt(pi).Value[ii] -= (float)Step);
                AssertClose(analyticParams[p][i], (plus - minus) / (2 * Step), tolerance, $"{trainable[p].Name}[{i}]");
            }
        }
    }

    /// <summary>Asserts that a loss's gradient with respect to the outputs matches finite differences.</summary>
    public static void CheckLoss(ILoss loss, Matrix outputs, Matrix targets, float[] weights, double tolerance = 2e-2, double step = Step)
    {
        var gradient = new Matrix(outputs.Rows, outputs.Cols);
        loss.Compute(outputs, targets, weights, gradient);
        var analytic = gradient.Span.ToArray();
        var scratch = new Matrix(outputs.Rows, outputs.Cols);
        for (int i = 0; i < outputs.Length; i++)
        {
            var plus = outputs.Clone();
            plus.Data[i] += (float)step;
            var minus = outputs.Clone();
            minus.Data[i] -= (float)step;
            double numeric = (loss.Compute(plus, targets, weights, scratch) - loss.Compute(minus, targets, weights, scratch)) / (2 * step);
            AssertClose(analytic[i], numeric, tolerance, $"{loss.Name} output[{i}]");
        }
    }

    public static void AssertClose(double analytic, double numeric, double tolerance, string what)
    {
        double scale = Math.Max(1e-2, Math.Abs(analytic) + Math.Abs(numeric));
        double relative = Math.Abs(analytic - numeric) / scale;
        Assert.True(relative <= tolerance, $"{what}: analytic {analytic:G6} vs numeric {numeric:G6} (relative error {relative:G3})");
    }

    private static void CopyParameters(ILayer from, ILayer to)
    {
        var a = from.Parameters;
        var b = to.Parameters;
        for (int i = 0; i < a.Count; i++) a[i].Value.CopyTo(b[i].Value, 0);
    }
}
