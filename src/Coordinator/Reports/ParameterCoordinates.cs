using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// Where a trial's value of a hyperparameter sits on the parameter's axis: the value itself on a linear axis, its
/// log10 on a log axis, the index of the choice on a choice axis.
/// </summary>
internal static class ParameterCoordinates
{
    /// <summary>The position of <paramref name="config"/>'s value on <paramref name="axis"/>, or null when it has none there.</summary>
    public static double? Position(ParameterAxis axis, TrialConfig config)
    {
        if (!config.TryGet(axis.Path, out var value)) return null;
        switch (axis.Scale)
        {
            case ParameterScale.Choice:
                var text = value.ToString();
                for (int i = 0; i < axis.Choices.Count; i++)
                {
                    if (string.Equals(axis.Choices[i], text, StringComparison.Ordinal)) return i;
                }
                return null;
            case ParameterScale.Log:
                return IsNumber(value) && value.Number > 0 ? Math.Log10(value.Number) : null;
            default:
                return IsNumber(value) ? value.Number : null;
        }
    }

    /// <summary>
    /// The position mapped onto [0, 1]: by the axis's range when it has one (in log space for a log axis), by the
    /// observed <paramref name="low"/> and <paramref name="high"/> otherwise, by index for choices.
    /// </summary>
    public static double Normalise(ParameterAxis axis, double position, double low, double high)
    {
        if (axis.Scale == ParameterScale.Choice)
            return axis.Choices.Count > 1 ? position / (axis.Choices.Count - 1) : 0.5;
        if (axis.Low is double lo && axis.High is double hi && hi > lo && (axis.Scale != ParameterScale.Log || lo > 0))
        {
            (low, high) = axis.Scale == ParameterScale.Log ? (Math.Log10(lo), Math.Log10(hi)) : (lo, hi);
        }
        return high > low ? Math.Clamp((position - low) / (high - low), 0, 1) : 0.5;
    }

    private static bool IsNumber(ParamValue value) =>
        value.Kind is ParamKind.Int or ParamKind.Float or ParamKind.Bool && double.IsFinite(value.Number);
}
