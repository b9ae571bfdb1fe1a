using Hpo.Engine.Simulation;

namespace Hpo.Sweeps.Search.Simulation;

/// <summary>
/// The small search space the surrogate population draws from: learning rate (log-uniform), width, depth,
/// dropout and batch size, under the spec's key paths. Configuration i of a seed is always the same.
/// </summary>
public static class SurrogateSpace
{
    public const string LearningRate = "training.learning_rate";
    public const string BatchSize = "training.batch_size";
    public const string Units = "model.units";
    public const string Layers = "model.layers";
    public const string Dropout = "model.dropout";

    private static readonly int[] UnitChoices = [16, 32, 64, 128, 256];
    private static readonly int[] BatchChoices = [16, 32, 64, 128];

    public static TrialConfig Config(long seed, int index)
    {
        ulong s = unchecked((ulong)seed);
        ulong i = (ulong)index;
        double lr = Math.Pow(10, -4 + 3.5 * SplitMix.Uniform(s, i, 0)); // 1e-4 .. ~0.3
        int units = UnitChoices[(int)(SplitMix.Uniform(s, i, 1) * UnitChoices.Length)];
        int layers = 1 + (int)(SplitMix.Uniform(s, i, 2) * 4);
        double dropout = 0.5 * SplitMix.Uniform(s, i, 3);
        int batch = BatchChoices[(int)(SplitMix.Uniform(s, i, 4) * BatchChoices.Length)];
        return new TrialConfig(
        [
            new(LearningRate, ParamValue.Of(lr)),
            new(BatchSize, ParamValue.Of((long)batch)),
            new(Units, ParamValue.Of((long)units)),
            new(Layers, ParamValue.Of((long)layers)),
            new(Dropout, ParamValue.Of(dropout)),
        ]);
    }

    /// <summary>The surrogate curve of a configuration of this space (the worker's <see cref="SurrogateCurve"/>).</summary>
    public static SurrogateCurve Curve(long seed, int trial, TrialConfig config) =>
        new(seed, trial, config[LearningRate].Number, (int)config[BatchSize].AsInt, (int)config[Units].AsInt,
            (int)config[Layers].AsInt, config[Dropout].Number);
}
