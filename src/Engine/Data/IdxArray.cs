namespace Hpo.Engine.Data;

/// <summary>An n-dimensional array read from an IDX file, values converted to float, row-major.</summary>
public sealed record IdxArray(int[] Shape, float[] Values)
{
    /// <summary>Product of all dimensions but the first (e.g. 784 for 28x28 images).</summary>
    public int ItemSize => Shape.Length <= 1 ? 1 : Shape[1..].Aggregate(1, (a, b) => a * b);
    public int Count => Shape.Length == 0 ? 0 : Shape[0];
}
