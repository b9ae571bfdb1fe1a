namespace Hpo.Sweeps.Control;

/// <summary>How test figures read: the task's own measures first, in its units, and the loss as the model was trained.</summary>
public static class TestText
{
    /// <summary>
    /// "accuracy 0.975, loss 0.0831" or "mse 2900.5, mae 43.25, r2 0.4375 in the target's units; loss 0.52 as trained"
    /// (a regression loss is computed on the scaled targets the model learnt, so it is not the mse in the target's units).
    /// </summary>
    public static string Figures(double? loss, double? accuracy, double? mse, double? mae, double? r2) =>
        accuracy is not null
            ? $"accuracy {F(accuracy)}, loss {F(loss)}"
            : $"mse {F(mse)}, mae {F(mae)}, r2 {F(r2)} in the target's units; loss {F(loss)} as trained";

    private static string F(double? value) => value is double v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
