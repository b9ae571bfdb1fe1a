using System.Diagnostics;
using System.Globalization;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Benchmarks;

/// <summary>
/// The n = 1024 products against the FMA peak measured between them, trial after trial, each figure
/// the best of its trials. On a shared machine whose speed drifts over minutes, a share taken against
/// a peak measured at another moment (as BenchmarkDotNet's column must) moves by several points.
/// </summary>
public static class SquareGemmShare
{
    private const int N = 1024;

    public static void Run(TextWriter output, int trials)
    {
        var rng = new Random(1);
        float[] a = GemmBenchmarks.Fill(rng, N * N), b = GemmBenchmarks.Fill(rng, N * N), c = new float[N * N];
        (string Name, Action Multiply)[] forms =
        [
            ("NN", () => Gemm.Multiply(a, b, c, N, N, N)),
            ("TN", () => Gemm.Multiply(a, b, c, N, N, N, transposeA: true)),
            ("NT", () => Gemm.Multiply(a, b, c, N, N, N, transposeB: true)),
        ];
        foreach (var form in forms) form.Multiply();
        double peak = 0;
        var best = new double[forms.Length];
        for (int trial = 0; trial < trials; trial++)
        {
            peak = Math.Max(peak, MachinePeak.FmaTrial());
            for (int f = 0; f < forms.Length; f++)
            {
                var clock = Stopwatch.StartNew();
                for (int rep = 0; rep < 3; rep++) forms[f].Multiply();
                best[f] = Math.Max(best[f], 3 * 2.0 * N * N * N / clock.Elapsed.TotalSeconds / 1e9);
            }
        }
        for (int f = 0; f < forms.Length; f++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gemm n={N} form={forms[f].Name} isa={Gemm.Isa} gflops={best[f]:F1} peak={peak:F1} share={100 * best[f] / peak:F0}% trials={trials}"));
        }
    }
}
