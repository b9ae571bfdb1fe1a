namespace Hpo.Sweeps.Specs;

/// <summary>
/// The largest network a spec may ask for. Beyond these a model would not fit in memory, or its weight count would
/// overflow the engine's 32-bit buffer lengths; a spec (or a search space that can sample such a value) is refused
/// at the key's line instead of failing in training.
/// </summary>
public static class ModelBounds
{
    public const int MaxUnits = 16_384;
    public const int MaxLayers = 64;

    /// <summary>Weights between consecutive hidden layers, summed: 50 million floats are 200 MB, four times that with gradients and optimiser state.</summary>
    public const long MaxHiddenWeights = 50_000_000;

    /// <summary>The width of one hidden layer: 1 to <see cref="MaxUnits"/>.</summary>
    public static IntegerReader Width { get; } = new(NumberBounds.Between(1, true, MaxUnits, true));

    /// <summary>The number of hidden layers: 0 to <see cref="MaxLayers"/>.</summary>
    public static IntegerReader Layers { get; } = new(NumberBounds.Between(0, true, MaxLayers, true));

    public static long HiddenWeights(IReadOnlyList<int> widths)
    {
        long sum = 0;
        for (int i = 1; i < widths.Count; i++) sum += (long)widths[i - 1] * widths[i];
        return sum;
    }
}
