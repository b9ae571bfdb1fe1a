using Hpo.Engine.Activations;
using Hpo.Engine.Layers;
using Hpo.Engine.Model;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Gradients;

public class LayerGradientTests
{
    private static DenseLayer MakeDense(int inputs, int outputs)
    {
        var layer = new DenseLayer("dense", inputs, outputs);
        var rng = new Rng(3);
        Initializer.Fill(layer.Weights.Value, InitKind.GlorotUniform, inputs, outputs, 0, rng);
        for (int i = 0; i < outputs; i++) layer.Bias.Value[i] = (float)rng.NextGaussian() * 0.1f;
        return layer;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(7, 17, 3)]
    public void Dense_layer_gradients_match_finite_differences(int batch, int inputs, int outputs)
    {
        GradientCheck.CheckLayer(() => MakeDense(inputs, outputs), batch, inputs);
    }

    [Theory]
    [InlineData(ActivationKind.Linear)]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.LeakyRelu)]
    [InlineData(ActivationKind.Elu)]
    [InlineData(ActivationKind.Selu)]
    [InlineData(ActivationKind.Gelu)]
    [InlineData(ActivationKind.Softplus)]
    public void Activation_gradients_match_finite_differences(ActivationKind kind)
    {
        // Inputs kept away from 0 so the finite difference never straddles a kink (ReLU family).
        GradientCheck.CheckLayer(() => new ActivationLayer("act", 9, ActivationFactory.Create(kind, 0.2f)), 5, 9,
            inputAwayFromZero: 0.05);
    }

    [Fact]
    public void PRelu_gradients_for_inputs_and_slopes_match_finite_differences()
    {
        GradientCheck.CheckLayer(() => new PReluLayer("prelu", 6, 0.25f), 4, 6, inputAwayFromZero: 0.05);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(8, 5)]
    [InlineData(13, 7)]
    public void Batch_normalisation_in_training_mode_matches_finite_differences(int batch, int width)
    {
        GradientCheck.CheckLayer(() =>
        {
            var bn = new BatchNormLayer("bn", width, 0.9f);
            var rng = new Rng(11);
            for (int i = 0; i < width; i++)
            {
                bn.Gamma.Value[i] = 0.5f + (float)rng.NextDouble();
                bn.Beta.Value[i] = (float)rng.NextGaussian() * 0.3f;
            }
            return bn;
        }, batch, width, tolerance: 3e-2);
    }

    [Fact]
    public void Dropout_gradients_match_finite_differences_for_a_fixed_mask()
    {
        GradientCheck.CheckLayer(() => new DropoutLayer("dropout", 10, 0.3f, new Rng(5)), 6, 10);
    }

    [Fact]
    public void Batch_normalisation_uses_running_statistics_at_inference()
    {
        var bn = new BatchNormLayer("bn", 2, momentum: 0f);
        bn.Allocate(4);
        var x = new Tensors.Matrix(4, 2, [1, 10, 2, 20, 3, 30, 4, 40]);
        bn.Forward(x, training: true);
        Assert.Equal(2.5f, bn.RunningMean.Value[0], 4);
        Assert.Equal(25f, bn.RunningMean.Value[1], 4);
        Assert.Equal(1.25f, bn.RunningVariance.Value[0], 4);
        var single = new Tensors.Matrix(1, 2, [2.5f, 25f]);
        var y = bn.Forward(single, training: false);
        Assert.Equal(0f, y[0, 0], 4);
        Assert.Equal(0f, y[0, 1], 4);
    }
}
