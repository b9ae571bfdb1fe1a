using System.Globalization;

namespace Hpo.Engine.Diagnostics;

/// <summary>Number formatting for evidence texts: three significant digits, invariant culture.</summary>
internal static class Evidence
{
    public static string N(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (100 * share).ToString("F0", CultureInfo.InvariantCulture) + "%";
}
