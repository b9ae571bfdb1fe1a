using System.Runtime.CompilerServices;
using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// How class labels become target rows for a loss, how wide the output layer is, and how outputs
/// become a predicted class: one-hot for softmax losses, a class index for the sparse one, a single
/// 0/1 or -1/+1 output for binary cross-entropy and hinge losses on two classes.
/// </summary>
public sealed class TargetEncoder
{
    private TargetEncoder(TaskKind task, LossKind loss, int outputWidth, int targetWidth, bool signed, bool singleBinaryOutput)
    {
        Task = task;
        Loss = loss;
        OutputWidth = outputWidth;
        TargetWidth = targetWidth;
        _signed = signed;
        _singleBinaryOutput = singleBinaryOutput;
    }

    private readonly bool _signed;
    private readonly bool _singleBinaryOutput;

    public TaskKind Task { get; }
    public LossKind Loss { get; }
    public int OutputWidth { get; }
    public int TargetWidth { get; }

    public static TargetEncoder For(Dataset data, LossKind resolvedLoss) =>
        Create(data.Task, resolvedLoss, data.ClassCount, data.TargetCount);

    public static TargetEncoder Create(TaskKind task, LossKind resolvedLoss, int classCount, int targetCount)
    {
        if (task == TaskKind.Regression)
            return new TargetEncoder(TaskKind.Regression, resolvedLoss, targetCount, targetCount, false, false);
        int classes = classCount;
        bool signed = resolvedLoss is LossKind.Hinge or LossKind.SquaredHinge;
        bool binaryFamily = signed || resolvedLoss == LossKind.BinaryCrossEntropy;
        if (binaryFamily && classes == 2)
            return new TargetEncoder(TaskKind.Classification, resolvedLoss, 1, 1, signed, true);
        if (resolvedLoss == LossKind.SparseCategoricalCrossEntropy)
            return new TargetEncoder(TaskKind.Classification, resolvedLoss, classes, 1, false, false);
        return new TargetEncoder(TaskKind.Classification, resolvedLoss, classes, classes, signed, false);
    }

    /// <summary>Writes the target row of class <paramref name="label"/>.</summary>
    public void EncodeLabel(int label, Span<float> row)
    {
        if (_singleBinaryOutput)
        {
            row[0] = label == 1 ? 1f : _signed ? -1f : 0f;
            return;
        }
        if (Loss == LossKind.SparseCategoricalCrossEntropy)
        {
            row[0] = label;
            return;
        }
        row.Fill(_signed ? -1f : 0f);
        row[label] = 1f;
    }

    /// <summary>The predicted class of one row of raw outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Decide(ReadOnlySpan<float> outputs)
    {
        if (_singleBinaryOutput) return outputs[0] > 0f ? 1 : 0;
        int best = 0;
        for (int j = 1; j < outputs.Length; j++)
            if (outputs[j] > outputs[best]) best = j;
        return best;
    }
}
