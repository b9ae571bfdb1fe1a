using System.Globalization;
using System.Text.RegularExpressions;

namespace Hpo.Sweeps.Specs;

/// <summary>Typing of plain scalars after YAML 1.2's core schema (decimal numbers, true/false, null).</summary>
public static partial class SpecScalars
{
    public static bool TryNumber(SpecNode node, out double value)
    {
        value = 0;
        return node is SpecScalar { Quoted: false } s && NumberPattern().IsMatch(s.Value)
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    public static bool TryBool(SpecNode node, out bool value)
    {
        value = false;
        if (node is not SpecScalar { Quoted: false } s) return false;
        switch (s.Value)
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": return true;
            default: return false;
        }
    }

    public static bool IsNull(SpecNode node) => node is SpecScalar { IsNull: true };

    /// <summary>A number for a message: shortest round-trip form, invariant culture.</summary>
    public static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A value that did not come from a document (e.g. sampled), for a message.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        double d => Show(d),
        float f => Show((double)f),
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
