namespace Hpo.Sweeps.Specs;

/// <summary>
/// The <c>units</c> key: one width for every hidden layer (<c>units: 128</c>, with <c>layers</c>) or
/// the width of each layer (<c>units: [128, 64]</c>).
/// </summary>
public sealed record UnitsValue
{
    private UnitsValue(int? width, IReadOnlyList<int>? widths) => (Width, Widths) = (width, widths);

    public int? Width { get; }
    public IReadOnlyList<int>? Widths { get; }

    public static UnitsValue Each(int width) => new(width, null);
    public static UnitsValue PerLayer(IReadOnlyList<int> widths) => new(null, widths);

    public override string ToString() => Width is { } w ? w.ToString() : $"[{string.Join(", ", Widths!)}]";
}
