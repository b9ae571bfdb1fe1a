using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Reports;

/// <summary>One hyperparameter's share of the objective's variance.</summary>
/// <param name="Path">The parameter's key path.</param>
/// <param name="Importance">Its share of the summed explained variance of all parameters (the shares sum to 1, or are all 0).</param>
/// <param name="ExplainedVariance">The between-group variance over the total variance of the objective (η², in [0, 1]).</param>
/// <param name="Trials">The trials that had a value of the parameter and a finite objective.</param>
public sealed record ParameterShare(string Path, double Importance, double ExplainedVariance, int Trials);

/// <summary>
/// A simple, explainable first-order measure of hyperparameter importance, in the spirit of fANOVA: for each
/// parameter the trials are grouped by its value (by choice, or in quantile bins of the value, in log space for a
/// log axis), the fraction of the objective's variance explained by the groups (between-group variance over total
/// variance, the correlation ratio η²) is its raw importance, and the raw importances are normalised to sum to 1.
/// It sees no interactions between parameters, and with few trials per group noise alone gives every parameter a little.
/// </summary>
public static class ParameterImportance
{
    /// <summary>The method in one sentence, for a report.</summary>
    public const string Method =
        "Importance is the fraction of the objective's variance explained by each hyperparameter on its own " +
        "(the between-group over the total variance of the final objective, grouping trials by choice or by quantile bins " +
        "of the value, in log space for log axes), normalised to sum to 1; it ignores interactions.";

    /// <summary>Fewer trials with a parameter than this give it no explained variance: two points are always explained.</summary>
    public const int MinimumTrials = 4;

    /// <summary>The share of each of <paramref name="axes"/>, most important first.</summary>
    /// <param name="axes">The searched hyperparameters.</param>
    /// <param name="trials">Each trial's configuration and finite objective.</param>
    public static IReadOnlyList<ParameterShare> Compute(IReadOnlyList<ParameterAxis> axes, IReadOnlyList<(TrialConfig Config, double Objective)> trials)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(trials);
        var raw = axes.Select(axis =>
        {
            var points = trials
                .Where(t => double.IsFinite(t.Objective))
                .Select(t => (Position: ParameterCoordinates.Position(axis, t.Config), t.Objective))
                .Where(p => p.Position is not null)
                .Select(p => (Position: p.Position!.Value, p.Objective))
                .ToArray();
            var groups = axis.Scale == ParameterScale.Choice ? ByValue(points) : ByQuantile(points);
            return (axis.Path, Explained: points.Length < MinimumTrials ? 0 : ExplainedVariance(groups), points.Length);
        }).ToArray();
        double total = raw.Sum(r => r.Explained);
        return raw
            .Select((r, order) => (Share: new ParameterShare(r.Path, total > 0 ? r.Explained / total : 0, r.Explained, r.Length), order))
            .OrderByDescending(s => s.Share.Importance)
            .ThenBy(s => s.order)
            .Select(s => s.Share)
            .ToArray();
    }

    /// <summary>Between-group sum of squares over total sum of squares of the objectives.</summary>
    internal static double ExplainedVariance(IReadOnlyList<double[]> groups)
    {
        var all = groups.SelectMany(g => g).ToArray();
        if (all.Length == 0) return 0;
        double mean = all.Average();
        double total = all.Sum(v => (v - mean) * (v - mean));
        if (total <= 1e-300) return 0;
        double between = groups.Where(g => g.Length > 0).Sum(g => g.Length * Math.Pow(g.Average() - mean, 2));
        return Math.Clamp(between / total, 0, 1);
    }

    private static double[][] ByValue((double Position, double Objective)[] points) =>
        points.GroupBy(p => p.Position).Select(g => g.Select(p => p.Objective).ToArray()).ToArray();

    /// <summary>
    /// About √n bins (2 to 10) of near-equal counts; equal values share a bin, so an integer with few values is
    /// grouped by value.
    /// </summary>
    private static double[][] ByQuantile((double Position, double Objective)[] points)
    {
        int n = points.Length;
        if (n == 0) return [];
        int bins = Math.Clamp((int)Math.Round(Math.Sqrt(n)), 2, 10);
        var sorted = points.OrderBy(p => p.Position).ToArray();
        var groups = new List<double>[bins];
        for (int b = 0; b < bins; b++) groups[b] = [];
        int firstOfValue = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && sorted[i].Position != sorted[i - 1].Position) firstOfValue = i;
            groups[firstOfValue * bins / n].Add(sorted[i].Objective);
        }
        return groups.Select(g => g.ToArray()).ToArray();
    }
}
