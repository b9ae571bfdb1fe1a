using Hpo.Engine.Options;

namespace Hpo.Coordinator.Reports;

/// <summary>Which of two objectives is better, by the sweep's mode.</summary>
internal static class ObjectiveOrder
{
    public static bool IsBetter(ObjectiveMode mode, double candidate, double incumbent) =>
        mode == ObjectiveMode.Max ? candidate > incumbent : candidate < incumbent;

    /// <summary>The best finite value of <paramref name="values"/>, or null when none is finite.</summary>
    public static double? Best(ObjectiveMode mode, IEnumerable<double> values)
    {
        double? best = null;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && (best is null || IsBetter(mode, v, best.Value))) best = v;
        }
        return best;
    }

    /// <summary>Sorts best first.</summary>
    public static int Compare(ObjectiveMode mode, double a, double b) =>
        mode == ObjectiveMode.Max ? b.CompareTo(a) : a.CompareTo(b);
}
