using System.Globalization;

namespace Hpo.Engine.Data;

/// <summary>Invariant-culture number parsing shared by the text loaders.</summary>
internal static class NumberText
{
    public enum Result { Ok, NotANumber, NotFinite, OutOfRange }

    /// <summary>Parses a finite float; spelled-out NaN/infinity ("nan", "inf", "-Infinity", ...) count as not finite.</summary>
    public static Result TryParseFloat(ReadOnlySpan<char> cell, out float value)
    {
        value = 0;
        var s = cell.Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            return IsNonFiniteWord(s) ? Result.NotFinite : Result.NotANumber;
        if (!double.IsFinite(d)) return Result.NotFinite;
        float f = (float)d;
        if (!float.IsFinite(f)) return Result.OutOfRange;
        value = f;
        return Result.Ok;
    }

    public static string Describe(Result r, string cell) => r switch
    {
        Result.NotANumber => $"'{cell}' is not a number",
        Result.NotFinite => $"'{cell}' is not a finite number (NaN and infinity are not allowed)",
        Result.OutOfRange => $"'{cell}' is out of the float range",
        _ => "ok",
    };

    private static bool IsNonFiniteWord(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-')) s = s[1..];
        return s.Equals("nan", StringComparison.OrdinalIgnoreCase)
            || s.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || s.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || s.Equals("∞", StringComparison.Ordinal);
    }
}
