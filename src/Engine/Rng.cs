namespace Hpo.Engine;

/// <summary>
/// A small, fast, seeded pseudo-random generator (xoshiro256**, state seeded through SplitMix64).
/// Deterministic across platforms and runtimes, unlike <see cref="System.Random"/>'s unseeded paths.
/// The whole state is four ulongs (<see cref="ExportState"/> / <see cref="FromState"/>), so a
/// checkpoint can resume the exact stream. Not thread-safe: give each thread its own instance
/// (e.g. via <see cref="Fork"/>).
/// </summary>
public sealed class Rng
{
    /// <summary>Number of ulongs in an exported state.</summary>
    public const int StateLength = 4;

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose stream is fully determined by <paramref name="seed"/>.</summary>
    public Rng(long seed)
    {
        ulong sm = unchecked((ulong)seed);
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    private Rng(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0; _s1 = s1; _s2 = s2; _s3 = s3;
    }

    /// <summary>Restores a generator from <see cref="ExportState"/>'s output.</summary>
    public static Rng FromState(ReadOnlySpan<ulong> state)
    {
        var rng = new Rng(0);
        rng.ImportState(state);
        return rng;
    }

    /// <summary>The full generator state (4 ulongs), e.g. for a checkpoint.</summary>
    public ulong[] ExportState() => [_s0, _s1, _s2, _s3];

    /// <summary>Replaces the state with one from <see cref="ExportState"/>; the all-zero state is invalid.</summary>
    public void ImportState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != StateLength)
            throw new ArgumentException($"an Rng state has {StateLength} values, got {state.Length}", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("the all-zero Rng state is invalid", nameof(state));
        _s0 = state[0]; _s1 = state[1]; _s2 = state[2]; _s3 = state[3];
    }

    /// <summary>An independent generator seeded from this one's next output (advances this one).</summary>
    public Rng Fork() => new(unchecked((long)NextULong()));

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1), 24 random bits.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, max), without modulo bias (Lemire's method).</summary>
    public int NextInt(int max)
    {
        if (max <= 0) throw new ArgumentOutOfRangeException(nameof(max), max, "max must be positive");
        ulong range = (ulong)max;
        ulong product = (NextULong() >> 32) * range;
        uint low = (uint)product;
        if (low < range)
        {
            uint threshold = (uint)((0x1_0000_0000UL - range) % range);
            while (low < threshold)
            {
                product = (NextULong() >> 32) * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>Uniform integer in [min, max).</summary>
    public int NextInt(int min, int max)
    {
        if (max <= min) throw new ArgumentOutOfRangeException(nameof(max), max, $"max must exceed min ({min})");
        return min + (int)NextLong((long)max - min);
    }

    private long NextLong(long max)
    {
        // Rejection sampling on the top bits; max <= 2^32 here.
        ulong range = (ulong)max;
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong x;
        do x = NextULong(); while (x >= limit);
        return (long)(x % range);
    }

    /// <summary>
    /// Standard normal via Box-Muller. Uses two uniforms per call and keeps no cached spare value,
    /// so the state stays exactly the four exported ulongs.
    /// </summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double NextGaussian(double mean, double std) => mean + std * NextGaussian();

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle<int>(p);
        return p;
    }

    internal static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
