using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// The checks made before training, from the training split's column statistics: unscaled inputs
/// (no input scaling and features far from unit scale, or on scales orders of magnitude apart) and
/// unscaled targets (a regression with no target scaling and targets far from unit scale).
/// </summary>
public static class DataScaleCheck
{
    public static void Run(Dataset train, TrainingOptions options, IssueThresholds limits, IssuesLog log)
    {
        if (options.InputScaling == ScalingKind.None) CheckInputs(train, limits, log);
        if (train.Task == TaskKind.Regression && options.TargetScaling == ScalingKind.None) CheckTargets(train, limits, log);
    }

    private static void CheckInputs(Dataset train, IssueThresholds limits, IssuesLog log)
    {
        var stats = DataStatistics.Features(train);
        int widest = -1, narrowest = -1, offScale = 0;
        for (int c = 0; c < stats.Length; c++)
        {
            var s = stats[c];
            bool constant = s.Std <= 0; // no spread to judge, but a large constant still acts as a huge input
            if (Math.Abs(s.Mean) > limits.InputScaleLimit || s.Std > limits.InputScaleLimit || (!constant && s.Std < limits.InputStdFloor)) offScale++;
            if (constant) continue;
            if (widest < 0 || s.Std > stats[widest].Std) widest = c;
            if (narrowest < 0 || s.Std < stats[narrowest].Std) narrowest = c;
        }
        double ratio = widest < 0 ? 1 : stats[widest].Std / stats[narrowest].Std;
        if (offScale == 0 && !(ratio > limits.InputStdRatio)) return;

        int worst = 0;
        for (int c = 1; c < stats.Length; c++)
            if (Scale(stats[c]) > Scale(stats[worst])) worst = c;
        var w = stats[worst];
        string text = $"input_scaling none; {offScale} of {stats.Length} features off unit scale (|mean| or std above {Evidence.N(limits.InputScaleLimit)}, "
            + $"or std below {Evidence.N(limits.InputStdFloor)}), largest {Column(train, worst)} (mean {Evidence.N(w.Mean)}, std {Evidence.N(w.Std)}); "
            + $"feature stds span a ratio of {Evidence.N(ratio)}";
        log.Add(IssueKind.UnscaledInputs, 0, text, new Dictionary<string, double>
        {
            ["off_scale_features"] = offScale,
            ["features"] = stats.Length,
            ["largest_mean"] = w.Mean,
            ["largest_std"] = w.Std,
            ["std_ratio"] = ratio,
        });
    }

    private static void CheckTargets(Dataset train, IssueThresholds limits, IssuesLog log)
    {
        var stats = DataStatistics.Targets(train);
        if (stats.Length == 0) return;
        int worst = 0;
        for (int c = 1; c < stats.Length; c++)
            if (Scale(stats[c]) > Scale(stats[worst])) worst = c;
        var w = stats[worst];
        if (Scale(w) <= limits.TargetScaleLimit) return;
        string which = stats.Length == 1 ? "target" : $"target {worst + 1} of {stats.Length}";
        log.Add(IssueKind.UnscaledTargets, 0,
            $"target_scaling none with {which} mean {Evidence.N(w.Mean)}, std {Evidence.N(w.Std)} (range {Evidence.N(w.Min)} to {Evidence.N(w.Max)})",
            new Dictionary<string, double> { ["target_mean"] = w.Mean, ["target_std"] = w.Std, ["target_min"] = w.Min, ["target_max"] = w.Max });
    }

    private static double Scale(ColumnStatistics s) => Math.Max(Math.Abs(s.Mean), s.Std);

    private static string Column(Dataset data, int c) =>
        data.FeatureNames is { } names && c < names.Count ? $"'{names[c]}'" : $"feature {c + 1}";
}
