namespace Hpo.Engine.Simulation;

/// <summary>
/// Stateless seeded hashing (SplitMix64 finaliser): a value depends only on its inputs, so a surrogate curve is
/// the same whatever order trials and epochs are visited in.
/// </summary>
public static class SplitMix
{
    public static ulong Hash(ulong seed, ulong a, ulong b = 0)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (a + 1) + 0xD1B54A32D192ED03UL * (b + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public static double Uniform(ulong seed, ulong a, ulong b = 0) => (Hash(seed, a, b) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal (Box-Muller over two hashed uniforms).</summary>
    public static double Normal(ulong seed, ulong a, ulong b)
    {
        double u1 = 1.0 - Uniform(seed, a, 2 * b);
        double u2 = Uniform(seed, a, 2 * b + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
