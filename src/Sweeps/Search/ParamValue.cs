using System.Globalization;

namespace Hpo.Sweeps.Search;

/// <summary>One sampled hyperparameter value: null, a bool, an integer, a float or a text (a choice's name).</summary>
public readonly record struct ParamValue
{
    private ParamValue(ParamKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    public ParamKind Kind { get; }

    /// <summary>The value of an Int, Float or Bool (1/0).</summary>
    public double Number { get; }
    public string? Text { get; }

    public static ParamValue Null => new(ParamKind.Null, 0, null);
    public static ParamValue Of(bool b) => new(ParamKind.Bool, b ? 1 : 0, null);
    public static ParamValue Of(long i) => new(ParamKind.Int, i, null);
    public static ParamValue Of(double d) => new(ParamKind.Float, d, null);
    public static ParamValue Of(string s) => new(ParamKind.Text, 0, s);

    public long AsInt => (long)Number;
    public bool AsBool => Number != 0;

    public override string ToString() => Kind switch
    {
        ParamKind.Null => "null",
        ParamKind.Bool => AsBool ? "true" : "false",
        ParamKind.Int => AsInt.ToString(CultureInfo.InvariantCulture),
        ParamKind.Float => Number.ToString("G6", CultureInfo.InvariantCulture),
        _ => Text!,
    };
}
