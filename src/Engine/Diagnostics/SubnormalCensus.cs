using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;
using Hpo.Engine.Model;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Counts the subnormal floats a training holds, by kind of buffer: a probe switched on by tests and by
/// <c>hpo bench engine --count-subnormals</c>, never on by default (it reads every buffer after every step).
/// </summary>
public sealed class SubnormalCensus : INetworkProbe
{
    private readonly long[] _subnormal = new long[Enum.GetValues<SubnormalSite>().Length];
    private readonly long[] _examined = new long[Enum.GetValues<SubnormalSite>().Length];

    /// <summary>Subnormal values seen at a site, over every pass counted so far.</summary>
    public long Subnormal(SubnormalSite site) => _subnormal[(int)site];

    /// <summary>Values examined at a site, over every pass counted so far.</summary>
    public long Examined(SubnormalSite site) => _examined[(int)site];

    public long TotalSubnormal => _subnormal.Sum();

    public void Forwarded(ILayer layer, Matrix output) => Add(SubnormalSite.Activations, output.Span);

    public void Backwarded(ILayer layer, Matrix inputGradient)
    {
        // The first layer computes no input gradient: its buffer holds nothing of this step.
        if (layer is DenseLayer { ComputeInputGradient: false }) return;
        Add(SubnormalSite.ActivationGradients, inputGradient.Span);
    }

    /// <summary>Counts what an optimisation step leaves: parameters, their gradients, the optimiser's state and the loss gradient.</summary>
    public void AfterStep(IReadOnlyList<Parameter> parameters, IReadOnlyList<float[]> optimizerState, Matrix lossGradient)
    {
        foreach (var p in parameters)
        {
            Add(SubnormalSite.Parameters, p.Value);
            Add(SubnormalSite.ParameterGradients, p.Gradient);
        }
        foreach (var state in optimizerState) Add(SubnormalSite.OptimizerState, state);
        Add(SubnormalSite.LossGradient, lossGradient.Span);
    }

    public void Reset()
    {
        Array.Clear(_subnormal);
        Array.Clear(_examined);
    }

    /// <summary>One line: each site's subnormal count over the values examined.</summary>
    public override string ToString() => string.Join("  ", Enum.GetValues<SubnormalSite>().Select(site =>
        $"{Name(site)} {Subnormal(site)}/{Examined(site)}"));

    public static string Name(SubnormalSite site) => site switch
    {
        SubnormalSite.Parameters => "parameters",
        SubnormalSite.ParameterGradients => "parameter_gradients",
        SubnormalSite.OptimizerState => "optimizer_state",
        SubnormalSite.Activations => "activations",
        SubnormalSite.ActivationGradients => "activation_gradients",
        _ => "loss_gradient",
    };

    private void Add(SubnormalSite site, ReadOnlySpan<float> values)
    {
        _subnormal[(int)site] += Subnormals.Count(values);
        _examined[(int)site] += values.Length;
    }
}
