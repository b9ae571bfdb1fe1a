using System.Globalization;

namespace Hpo.Sweeps.Search;

/// <summary>
/// How an objective is shown: the sweep keeps objectives as 32-bit floats, and every place a user reads one (terminal,
/// API, CSV, JSON, report, metrics) shows the same float as the shortest decimal that reads back to it, so 0.9777778
/// is 0.9777778 everywhere and never 0.97777777910232544 in one place and 0.9777778 in another.
/// </summary>
public static class ObjectiveValue
{
    public static double Of(float value) =>
        float.IsFinite(value) ? double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    public static double Of(double value) => Of((float)value);
}
