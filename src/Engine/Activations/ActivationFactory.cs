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
