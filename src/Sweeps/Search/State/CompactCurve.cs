namespace Hpo.Sweeps.Search.State;

/// <summary>
/// A trial's learning curve: the objective after each epoch, as floats, grown to the epoch a dispatch will
/// reach rather than doubled, so a trial stopped after one epoch costs one float.
/// </summary>
public struct CompactCurve
{
    private float[]? _values;

    public int Count { readonly get; private set; }

    public readonly float this[int index] =>
        (uint)index < (uint)Count ? _values![index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The objective after the last recorded epoch (NaN when there is none).</summary>
    public readonly float Last => Count == 0 ? float.NaN : _values![Count - 1];

    public readonly ReadOnlySpan<float> AsSpan() => _values.AsSpan(0, Count);

    /// <summary>Makes room for <paramref name="capacity"/> values (a dispatch's last epoch), exactly.</summary>
    public void Reserve(int capacity)
    {
        if ((_values?.Length ?? 0) < capacity)
            Array.Resize(ref _values, capacity);
    }

    public void Add(float value)
    {
        if (_values is null || Count == _values.Length)
            Array.Resize(ref _values, Math.Max(4, Count * 2));
        _values[Count++] = value;
    }

    /// <summary>Bytes held by the values array (for the state size estimate).</summary>
    public readonly long HeapBytes => _values is null ? 0 : 24 + 4L * _values.Length;
}
