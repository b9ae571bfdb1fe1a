namespace Hpo.Engine.Data;

/// <summary>
/// Summary of one column. Mean, Std (population), Min and Max are over the finite values
/// (0 when there are none); <see cref="NonFinite"/> counts NaN and infinite values.
/// </summary>
public sealed record ColumnStatistics(double Mean, double Std, double Min, double Max, int Count, int NonFinite)
{
    /// <summary>Largest absolute value, max(|Min|, |Max|).</summary>
    public double MaxAbs => Math.Max(Math.Abs(Min), Math.Abs(Max));
}
