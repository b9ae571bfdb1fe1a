using Hpo.Engine.Activations;
using Hpo.Engine.Layers;
using Hpo.Engine.Model;
using Hpo.Engine.Options;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Tests.Gradients;

/// <summary>A network fuses a dense layer with the ReLU after it; the pair must still be exact.</summary>
public class FusedDenseReluTests
{
    private const int Inputs = 6, Hidden = 20, Outputs = 3;

    private static (DenseLayer, ActivationLayer, DenseLayer) MakeLayers()
    {
        var first = new DenseLayer("hidden", Inputs, Hidden);
        var last = new DenseLayer("output", Hidden, Outputs);
        var rng = new Rng(11);
        Initializer.Fill(first.Weights.Value, InitKind.Normal, Inputs, Hidden, 0.1f, rng);
        Initializer.Fill(last.Weights.Value, InitKind.GlorotUniform, Hidden, Outputs, 0, rng);
        // Pre-activations near +-1.5, never near ReLU's kink, so finite differences hold; half the units off.
        for (int j = 0; j < Hidden; j++) first.Bias.Value[j] = j % 2 == 0 ? 1.5f : -1.5f;
        return (first, new ActivationLayer("relu", Hidden, new ReluActivation()), last);
    }

    private sealed class NetworkAsLayer : ILayer
    {
        private readonly Network _network;

        public NetworkAsLayer()
        {
            var (first, relu, last) = MakeLayers();
            _network = new Network([first, relu, last]);
            first.ComputeInputGradient = true;
            Assert.Same(relu, first.FusedRelu);
        }

        public string Name => "dense-relu-dense";
        public int InputWidth => Inputs;
        public int OutputWidth => Outputs;
        public IReadOnlyList<Parameter> Parameters => _network.Parameters;
        public void Allocate(int maxBatch) => _network.Allocate(maxBatch);
        public Matrix Forward(Matrix input, bool training) => _network.Forward(input, training);

        public Matrix Backward(Matrix outputGradient)
        {
            var g = outputGradient;
            for (int i = _network.Layers.Count - 1; i >= 0; i--) g = _network.Layers[i].Backward(g);
            return g;
        }
    }

    [Fact]
    public void Fused_pair_gradients_match_finite_differences() =>
        GradientCheck.CheckLayer(() => new NetworkAsLayer(), 4, Inputs);

    [Fact]
    public void Fused_pair_gives_the_same_bits_as_the_layers_one_by_one()
    {
        var rng = new Rng(5);
        var x = GradientCheck.RandomMatrix(9, Inputs, rng);
        var upstream = GradientCheck.RandomMatrix(9, Outputs, rng);

        var (f1, r1, l1) = MakeLayers();
        var fused = new Network([f1, r1, l1]);
        fused.Allocate(9);
        var fusedOut = fused.Forward(x, training: true).Span.ToArray();
        fused.Backward(upstream);

        var (f2, r2, l2) = MakeLayers();
        ILayer[] separate = [f2, r2, l2];
        var y = x;
        foreach (var layer in separate)
        {
            layer.Allocate(9);
            y = layer.Forward(y, true);
        }
        f2.ComputeInputGradient = false;
        var g = upstream;
        for (int i = separate.Length - 1; i >= 0; i--) g = separate[i].Backward(g);

        Assert.Null(f2.FusedRelu);
        Assert.Equal(y.Span.ToArray(), fusedOut);
        Assert.Equal(r2.Output.Span.ToArray(), r1.Output.Span.ToArray());
        Assert.Equal(f2.Bias.Gradient, f1.Bias.Gradient);
        Assert.Equal(f2.Weights.Gradient, f1.Weights.Gradient);
        Assert.Equal(l2.Weights.Gradient, l1.Weights.Gradient);
    }
}
