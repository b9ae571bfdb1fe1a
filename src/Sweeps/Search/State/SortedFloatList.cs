namespace Hpo.Sweeps.Search.State;

/// <summary>
/// A sorted multiset of floats kept in blocks of at most a few hundred, so inserting into a list of n costs
/// O(sqrt n) moves rather than O(n), and the k-th smallest is found by walking block counts.
/// </summary>
public sealed class SortedFloatList
{
    private const int MaxBlock = 512;
    private readonly List<List<float>> _blocks = [];

    public int Count { get; private set; }

    public void Add(float value)
    {
        if (float.IsNaN(value))
            throw new ArgumentException("NaN cannot be ordered", nameof(value));
        Count++;
        if (_blocks.Count == 0)
        {
            _blocks.Add([value]);
            return;
        }
        int b = 0;
        while (b < _blocks.Count - 1 && _blocks[b][^1] < value)
            b++;
        var block = _blocks[b];
        int i = block.BinarySearch(value);
        block.Insert(i < 0 ? ~i : i, value);
        if (block.Count > MaxBlock)
        {
            var upper = block.GetRange(MaxBlock / 2, block.Count - MaxBlock / 2);
            block.RemoveRange(MaxBlock / 2, block.Count - MaxBlock / 2);
            _blocks.Insert(b + 1, upper);
        }
    }

    /// <summary>The k-th smallest value (0-based).</summary>
    public float ElementAt(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Count);
        foreach (var block in _blocks)
        {
            if (k < block.Count)
                return block[k];
            k -= block.Count;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The number of values strictly smaller than <paramref name="value"/>.</summary>
    public int CountBelow(float value)
    {
        int below = 0;
        foreach (var block in _blocks)
        {
            if (block[^1] < value)
            {
                below += block.Count;
                continue;
            }
            int lo = 0, hi = block.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (block[mid] < value)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return below + lo;
        }
        return below;
    }

    /// <summary>The median of the values with one occurrence of <paramref name="excluded"/> (which must be present) left out; NaN when none remain.</summary>
    public double MedianExcluding(float excluded)
    {
        int m = Count - 1;
        if (m <= 0)
            return double.NaN;
        int p = CountBelow(excluded);
        float At(int k) => ElementAt(k < p ? k : k + 1);
        return m % 2 == 1 ? At(m / 2) : (At(m / 2 - 1) + (double)At(m / 2)) / 2;
    }

    internal long HeapBytes => 32 + _blocks.Sum(b => 56L + 4L * b.Capacity);
}
