using Hpo.Engine.Layers;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Model;

/// <summary>Sees every layer's output on the way forward and its input gradient on the way back (a diagnostic hook).</summary>
public interface INetworkProbe
{
    void Forwarded(ILayer layer, Matrix output);

    void Backwarded(ILayer layer, Matrix inputGradient);
}
