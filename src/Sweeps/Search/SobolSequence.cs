using System.Numerics;
using Hpo.Engine;

namespace Hpo.Sweeps.Search;

/// <summary>
/// The Sobol low-discrepancy sequence in up to <see cref="MaxDimensions"/> dimensions, 32 bits per
/// coordinate, generated in Gray-code order (Antonov and Saleev). Dimension 1 is the van der Corput
/// sequence; the others use Joe and Kuo's primitive polynomials and initial direction numbers
/// (new-joe-kuo-6.21201). Optionally scrambled: a random lower-triangular binary matrix per dimension
/// (Matoušek's linear matrix scramble) and a random digital shift, both from a seed; scrambling keeps
/// the net properties (each block of 2^m points still fills every elementary interval).
/// </summary>
public sealed class SobolSequence
{
    private const int Bits = 32;

    /// <summary>Joe–Kuo new-joe-kuo-6.21201, dimensions 2 to 32: degree s, coefficients a, initial m_1..m_s.</summary>
    private static readonly int[][] JoeKuo =
    [
        [1, 0, 1],
        [2, 1, 1, 3],
        [3, 1, 1, 3, 1],
        [3, 2, 1, 1, 1],
        [4, 1, 1, 1, 3, 3],
        [4, 4, 1, 3, 5, 13],
        [5, 2, 1, 1, 5, 5, 17],
        [5, 4, 1, 1, 5, 5, 5],
        [5, 7, 1, 1, 7, 11, 19],
        [5, 11, 1, 1, 5, 1, 1],
        [5, 13, 1, 1, 1, 3, 11],
        [5, 14, 1, 3, 5, 5, 31],
        [6, 1, 1, 3, 3, 9, 7, 49],
        [6, 13, 1, 1, 1, 15, 21, 21],
        [6, 16, 1, 3, 1, 13, 27, 49],
        [6, 19, 1, 1, 1, 15, 7, 5],
        [6, 22, 1, 3, 1, 15, 13, 25],
        [6, 25, 1, 1, 5, 5, 19, 61],
        [7, 1, 1, 3, 7, 11, 23, 15, 103],
        [7, 4, 1, 3, 7, 13, 13, 15, 69],
        [7, 7, 1, 1, 3, 13, 7, 35, 63],
        [7, 8, 1, 3, 5, 9, 1, 25, 53],
        [7, 14, 1, 3, 1, 13, 9, 35, 107],
        [7, 19, 1, 3, 1, 5, 27, 61, 31],
        [7, 21, 1, 1, 5, 11, 19, 41, 61],
        [7, 28, 1, 3, 5, 3, 3, 13, 69],
        [7, 31, 1, 1, 7, 13, 1, 19, 1],
        [7, 32, 1, 3, 7, 5, 13, 19, 59],
        [7, 37, 1, 1, 3, 9, 25, 29, 41],
        [7, 41, 1, 3, 5, 13, 23, 1, 55],
        [7, 42, 1, 3, 7, 3, 13, 59, 17],
    ];

    public static int MaxDimensions => JoeKuo.Length + 1;

    private readonly uint[][] _directions; // [dimension][bit], bit 0 = the most significant
    private readonly uint[] _shift;
    private readonly uint[] _current;
    private ulong _index;

    /// <param name="dimensions">1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="scrambleSeed">Null: the plain sequence, starting at the origin; else scrambled with this seed.</param>
    public SobolSequence(int dimensions, long? scrambleSeed = null)
    {
        if (dimensions < 1 || dimensions > MaxDimensions)
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"Sobol supports 1 to {MaxDimensions} dimensions");
        Dimensions = dimensions;
        Scrambled = scrambleSeed is not null;
        _directions = new uint[dimensions][];
        for (int d = 0; d < dimensions; d++) _directions[d] = DirectionNumbers(d);
        _shift = new uint[dimensions];
        if (scrambleSeed is { } seed)
        {
            var rng = new Rng(seed);
            for (int d = 0; d < dimensions; d++)
            {
                _directions[d] = Scramble(_directions[d], rng);
                _shift[d] = (uint)(rng.NextULong() >> 32);
            }
        }
        _current = (uint[])_shift.Clone();
    }

    public int Dimensions { get; }
    public bool Scrambled { get; }

    /// <summary>The index of the point <see cref="Next"/> returns next (0 = the first point, the origin when unscrambled).</summary>
    public ulong Index => _index;

    /// <summary>Writes the next point (each coordinate in [0, 1)) into <paramref name="point"/>.</summary>
    public void Next(Span<double> point)
    {
        if (point.Length != Dimensions) throw new ArgumentException($"expected {Dimensions} coordinates", nameof(point));
        if (_index >= 1UL << Bits) throw new InvalidOperationException($"the sequence holds 2^{Bits} points");
        if (_index > 0)
        {
            // Gray code: point n differs from point n-1 by the direction number of n-1's lowest zero bit.
            int bit = BitOperations.TrailingZeroCount(~(_index - 1));
            for (int d = 0; d < Dimensions; d++) _current[d] ^= _directions[d][bit];
        }
        for (int d = 0; d < Dimensions; d++) point[d] = _current[d] * (1.0 / 4294967296.0);
        _index++;
    }

    /// <summary>Skips <paramref name="count"/> points.</summary>
    public void Skip(ulong count)
    {
        Span<double> scratch = stackalloc double[Dimensions];
        for (ulong i = 0; i < count; i++) Next(scratch);
    }

    private static uint[] DirectionNumbers(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (int k = 0; k < Bits; k++) v[k] = 1u << (Bits - 1 - k);
            return v;
        }
        var row = JoeKuo[dimension - 1];
        int s = row[0], a = row[1];
        for (int k = 0; k < Math.Min(s, Bits); k++) v[k] = (uint)row[2 + k] << (Bits - 1 - k);
        for (int k = s; k < Bits; k++)
        {
            uint x = v[k - s] ^ (v[k - s] >> s);
            for (int i = 1; i < s; i++)
                if (((a >> (s - 1 - i)) & 1) != 0) x ^= v[k - i];
            v[k] = x;
        }
        return v;
    }

    /// <summary>Multiplies every direction number by a random lower-triangular matrix with a unit diagonal.</summary>
    private static uint[] Scramble(uint[] directions, Rng rng)
    {
        var rows = new uint[Bits];
        for (int i = 0; i < Bits; i++)
        {
            uint above = i == 0 ? 0u : ~0u << (Bits - i); // the columns left of the diagonal (more significant bits)
            rows[i] = ((uint)(rng.NextULong() >> 32) & above) | (1u << (Bits - 1 - i));
        }
        var scrambled = new uint[Bits];
        for (int k = 0; k < Bits; k++)
        {
            uint x = 0;
            for (int i = 0; i < Bits; i++)
                if ((BitOperations.PopCount(rows[i] & directions[k]) & 1) != 0) x |= 1u << (Bits - 1 - i);
            scrambled[k] = x;
        }
        return scrambled;
    }
}
