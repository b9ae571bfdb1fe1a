using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// A span of wall-clock time with units: <c>90s</c>, <c>10m</c>, <c>1h</c>, <c>1.5h</c>, <c>1h30m</c>,
/// <c>2d</c> (units ms, s, m, h, d). A bare number is refused: it does not say which unit it means.
/// </summary>
public sealed partial class DurationReader : SpecValueReader<TimeSpan>
{
    public override SpecValueKind Kind => SpecValueKind.Text;
    public override string Expected => "a duration such as 90s, 10m, 1h or 1h30m";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out TimeSpan value)
    {
        if (node is not SpecScalar { IsNull: false } s) return FailType(node, path, context, out value);
        if (SpecScalars.TryNumber(node, out _))
            return Fail(node, path, context, $"needs a unit (ms, s, m, h or d), e.g. 10m or 90s (got {s.Value})", out value);
        if (!TryParse(s.Value, out value)) return FailType(node, path, context, out value);
        if (value <= TimeSpan.Zero) return Fail(node, path, context, $"must be longer than zero (got {s.Value})", out value);
        return true;
    }

    public override bool TryAccept(object? value, out TimeSpan result, [NotNullWhen(false)] out string? error)
    {
        if (value is string text)
        {
            if (TryParse(text, out result) && result > TimeSpan.Zero)
            {
                error = null;
                return true;
            }
            (result, error) = (default, $"must be {Expected} (got {text})");
            return false;
        }
        return base.TryAccept(value, out result, out error);
    }

    protected override string? Check(TimeSpan value) => value > TimeSpan.Zero ? null : "must be longer than zero";

    /// <summary>Parses one or more number-unit pairs, summed (<c>1h30m</c>).</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (!Whole().IsMatch(trimmed)) return false;
        double seconds = 0;
        foreach (Match m in Part().Matches(trimmed))
        {
            var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += number * m.Groups[2].Value switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86400,
            };
        }
        if (!double.IsFinite(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?\s*(ms|s|m|h|d)\s*)+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)")]
    private static partial Regex Part();
}
