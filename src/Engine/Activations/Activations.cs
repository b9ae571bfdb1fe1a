using System.Numerics.Tensors;
using Hpo.Engine.Kernels;
using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public static class ActivationFactory
{
    /// <summary>The element-wise activation for a kind; PReLU is a layer with parameters, see PReluLayer.</summary>
    public static IActivation Create(ActivationKind kind, float alpha = 0.01f) => kind switch
    {
        ActivationKind.Linear => new LinearActivation(),
        ActivationKind.Sigmoid => new SigmoidActivation(),
        ActivationKind.Tanh => new TanhActivation(),
        ActivationKind.Relu => new ReluActivation(),
        ActivationKind.LeakyRelu => new LeakyReluActivation(alpha),
        ActivationKind.Elu => new EluActivation(alpha <= 0.05f ? 1f : alpha),
        ActivationKind.Selu => new SeluActivation(),
        ActivationKind.Gelu => new GeluActivation(),
        ActivationKind.Softplus => new SoftplusActivation(),
        _ => throw new ArgumentException($"{kind} is not an element-wise activation"),
    };
}

public sealed class LinearActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Linear;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => x.CopyTo(y);
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => dy.CopyTo(dx);
}

public sealed class SigmoidActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Sigmoid;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
    }
}

public sealed class TanhActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Tanh;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
    }
}

public sealed class ReluActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Relu;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => ActivationKernels.Relu(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        ActivationKernels.ReluBackward(x, dy, dx);
    }
}

public sealed class LeakyReluActivation(float alpha) : IActivation
{
    public ActivationKind Kind => ActivationKind.LeakyRelu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : alpha * x[i];
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? dy[i] : alpha * dy[i];
    }
}

public sealed class EluActivation(float alpha) : IActivation
{
    public ActivationKind Kind => ActivationKind.Elu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : alpha * (MathF.Exp(x[i]) - 1f);
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? dy[i] : dy[i] * (y[i] + alpha);
    }
}

public sealed class SeluActivation : IActivation
{
    private const float Lambda = 1.0507009873554805f;
    private const float Alpha = 1.6732632423543772f;
    public ActivationKind Kind => ActivationKind.Selu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? Lambda * x[i] : Lambda * Alpha * (MathF.Exp(x[i]) - 1f);
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? Lambda * dy[i] : dy[i] * (y[i] + Lambda * Alpha);
    }
}

/// <summary>GELU in its tanh approximation (as in GPT-2 and Keras' approximate=True).</summary>
public sealed class GeluActivation : IActivation
{
    private const float C = 0.7978845608028654f; // sqrt(2 / pi)
    private const float K = 0.044715f;
    public ActivationKind Kind => ActivationKind.Gelu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(C * (v + K * v * v * v)));
        }
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            float v = x[i];
            float t = MathF.Tanh(C * (v + K * v * v * v));
            float grad = 0.5f * (1f + t) + 0.5f * v * (1f - t * t) * C * (1f + 3f * K * v * v);
            dx[i] = dy[i] * grad;
        }
    }
}

public sealed class SoftplusActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Softplus;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = MathF.Max(v, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(v)));
        }
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] / (1f + MathF.Exp(-x[i]));
    }
}
