namespace Hpo.Sweeps.Specs;

/// <summary>The readers most keys share.</summary>
public static class SpecValues
{
    public static NumberReader AnyNumber { get; } = new(NumberBounds.Any);
    public static NumberReader Positive { get; } = new(NumberBounds.Above(0));
    public static NumberReader NonNegative { get; } = new(NumberBounds.AtLeast(0));

    /// <summary>[0, 1): dropout, momentum, hold-out fractions.</summary>
    public static NumberReader UnitHalfOpen { get; } = new(NumberBounds.UnitHalfOpen);

    /// <summary>(0, 1): a factor that must shrink.</summary>
    public static NumberReader OpenUnit { get; } = new(NumberBounds.Between(0, false, 1, false));

    public static IntegerReader IntegerAtLeast(int min) => new(NumberBounds.AtLeast(min));
    public static IntegerReader NonNegativeInteger { get; } = IntegerAtLeast(0);
    public static IntegerReader PositiveInteger { get; } = IntegerAtLeast(1);
    public static IntegerReader IntegerIn(int min, int max) => new(NumberBounds.Between(min, true, max, true));

    /// <summary>Epochs of one trial: 1 to <see cref="SpecLimits.MaxEpochs"/>.</summary>
    public static IntegerReader Epochs { get; } = IntegerIn(1, SpecLimits.MaxEpochs);

    public static BoolReader Bool { get; } = new();
    public static TextValueReader Text { get; } = new();

    public static OptionalReader<double> OptionalPositive { get; } = new(Positive);

    public static EnumReader<T> Enum<T>(string what, params (string Name, T Value)[] names) where T : notnull =>
        new(what, names);
}
