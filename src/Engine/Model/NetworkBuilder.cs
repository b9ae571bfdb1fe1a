using Hpo.Engine.Activations;
using Hpo.Engine.Layers;
using Hpo.Engine.Options;

namespace Hpo.Engine.Model;

/// <summary>
/// Builds the multi-layer perceptron of a <see cref="ModelOptions"/>: per hidden layer
/// Dense, [BatchNorm if before], activation, [BatchNorm if after], [Dropout]; then a linear output layer
/// (its softmax or sigmoid is fused into the loss).
/// </summary>
public static class NetworkBuilder
{
    public static Network Build(ModelOptions o, int inputWidth, int outputWidth, Rng initRng, Rng dropoutRng)
    {
        var layers = new List<ILayer>();
        int width = inputWidth;
        for (int i = 0; i < o.HiddenUnits.Count; i++)
        {
            int units = o.HiddenUnits[i];
            string name = $"hidden{i + 1}";
            layers.Add(Dense(name, width, units, o.Init, o.InitScale, o.BiasInit, initRng));
            if (o.BatchNorm == BatchNormPlacement.Before) layers.Add(new BatchNormLayer(name + ".bn", units, o.BatchNormMomentum));
            layers.Add(o.Activation == ActivationKind.PRelu
                ? new PReluLayer(name + ".prelu", units, o.ActivationAlpha)
                : new ActivationLayer(name + "." + o.Activation.ToString().ToLowerInvariant(), units, ActivationFactory.Create(o.Activation, o.ActivationAlpha)));
            if (o.BatchNorm == BatchNormPlacement.After) layers.Add(new BatchNormLayer(name + ".bn", units, o.BatchNormMomentum));
            if (o.Dropout > 0) layers.Add(new DropoutLayer(name + ".dropout", units, o.Dropout, dropoutRng));
            width = units;
        }
        var outputInit = o.Init is InitKind.HeNormal or InitKind.HeUniform ? InitKind.GlorotUniform : o.Init;
        layers.Add(Dense("output", width, outputWidth, outputInit, o.InitScale, 0f, initRng));
        return new Network(layers);
    }

    private static DenseLayer Dense(string name, int inputs, int outputs, InitKind init, float scale, float bias, Rng rng)
    {
        var layer = new DenseLayer(name, inputs, outputs);
        Initializer.Fill(layer.Weights.Value, init, inputs, outputs, scale, rng);
        Array.Fill(layer.Bias.Value, bias);
        return layer;
    }
}
