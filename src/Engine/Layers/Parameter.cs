namespace Hpo.Engine.Layers;

/// <summary>
/// A named block of values with its gradient. Trainable parameters are walked by optimisers;
/// non-trainable ones (batch normalisation's running statistics) are state that a model file keeps.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, int length, bool trainable = true, bool isWeight = false)
    {
        Name = name;
        Value = new float[length];
        Gradient = trainable ? new float[length] : [];
        Trainable = trainable;
        IsWeight = isWeight;
    }

    public string Name { get; }
    public float[] Value { get; }
    public float[] Gradient { get; }
    public bool Trainable { get; }

    /// <summary>True for connection weights: weight penalties and decay apply to them, not to biases.</summary>
    public bool IsWeight { get; }

    /// <summary>A frozen parameter keeps its value (transfer learning, layer-wise pretraining).</summary>
    public bool Frozen { get; set; }

    /// <summary>Multiplies the learning rate for this parameter (transferred layers may learn slower).</summary>
    public float LearningRateScale { get; set; } = 1f;

    public int Length => Value.Length;
}
