using Hpo.Engine.Layers;
using Hpo.Engine.Options;

namespace Hpo.Engine.Model;

/// <summary>
/// Starts a network from weights trained elsewhere (transfer learning, layer-wise pretraining): values are
/// matched to parameters by name (<c>hidden2.weights</c>, <c>hidden2.bn.gamma</c>, <c>output.bias</c>, ...).
/// </summary>
public static class WarmStart
{
    /// <summary>
    /// Copies every value whose name and size match a parameter. A hidden layer's parameter of another size is
    /// an error (the architectures disagree); an output layer of another size is left new (another task).
    /// Returns the names copied.
    /// </summary>
    public static IReadOnlyList<string> Copy(Network network, IReadOnlyDictionary<string, float[]> values)
    {
        var copied = new List<string>();
        foreach (var p in network.Parameters)
        {
            if (!values.TryGetValue(p.Name, out var source)) continue;
            if (source.Length != p.Length)
            {
                if (p.Name.StartsWith("output.", StringComparison.Ordinal)) continue;
                throw new TrainingSetupException($"cannot start {p.Name} ({p.Length} values) from a layer of {source.Length} values: the hidden layers' widths differ");
            }
            source.CopyTo(p.Value, 0);
            copied.Add(p.Name);
        }
        return copied;
    }

    /// <summary>Freezes the first hidden layers and sets the transferred layers' learning rate.</summary>
    public static void Configure(Network network, TransferOptions transfer, double learningRate)
    {
        float scale = transfer.LearningRate is double rate ? (float)(rate / learningRate) : 1f;
        foreach (var p in network.Parameters)
        {
            int layer = HiddenIndex(p);
            if (layer == 0 || layer > transfer.TransferredLayers) continue;
            p.Frozen = layer <= transfer.FreezeLayers;
            p.LearningRateScale = scale;
        }
    }

    /// <summary>The 1-based hidden layer a parameter belongs to, 0 for the output layer.</summary>
    public static int HiddenIndex(Parameter p)
    {
        const string prefix = "hidden";
        if (!p.Name.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        int end = p.Name.IndexOf('.', prefix.Length);
        return int.Parse(p.Name.AsSpan(prefix.Length, end - prefix.Length));
    }

    /// <summary>The values of the hidden layers only (an output layer is task-specific).</summary>
    public static Dictionary<string, float[]> HiddenValues(Network network, int upToLayer = int.MaxValue) =>
        network.Parameters.Where(p => HiddenIndex(p) is > 0 and var i && i <= upToLayer)
            .ToDictionary(p => p.Name, p => p.Value.ToArray());
}
