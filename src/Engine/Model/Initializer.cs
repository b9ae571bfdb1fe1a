using Hpo.Engine.Options;


namespace Hpo.Engine.Model;

/// <summary>Weight initialisation schemes for a dense layer of fanIn inputs and fanOut outputs.</summary>
public static class Initializer
{
    public static void Fill(Span<float> weights, InitKind kind, int fanIn, int fanOut, float scale, Rng rng)
    {
        switch (kind)
        {
            case InitKind.HeNormal: Normal(weights, Math.Sqrt(2.0 / fanIn), rng); break;
            case InitKind.HeUniform: Uniform(weights, Math.Sqrt(6.0 / fanIn), rng); break;
            case InitKind.GlorotNormal: Normal(weights, Math.Sqrt(2.0 / (fanIn + fanOut)), rng); break;
            case InitKind.GlorotUniform: Uniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)), rng); break;
            case InitKind.LecunNormal: Normal(weights, Math.Sqrt(1.0 / fanIn), rng); break;
            case InitKind.Normal: Normal(weights, scale, rng); break;
            case InitKind.Uniform: Uniform(weights, scale, rng); break;
            default: throw new ArgumentException($"unknown initialiser {kind}");
        }
    }

    private static void Normal(Span<float> w, double std, Rng rng)
    {
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * std);
    }

    private static void Uniform(Span<float> w, double limit, Rng rng)
    {
        for (int i = 0; i < w.Length; i++) w[i] = (float)((rng.NextDouble() * 2 - 1) * limit);
    }
}
