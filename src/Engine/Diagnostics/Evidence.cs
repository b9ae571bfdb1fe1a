using System.Globalization;

namespace Hpo.Engine.Diagnostics;

/// <summary>Number formatting for evidence texts: three significant digits, invariant culture.</summary>
internal static class Evidence
{
    public static string N(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage: whole numbers from 10%, two significant digits below (0.25%, 3.1%).</summary>
    public static string Percent(double share)
    {
        double p = 100 * share;
        return (Math.Abs(p) >= 10 ? p.ToString("F0", CultureInfo.InvariantCulture) : p.ToString("G2", CultureInfo.InvariantCulture)) + "%";
    }
}
