using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Hpo.Engine.Benchmarks;
using Hpo.Engine.Kernels;

// Micro-benchmarks of the engine's kernels. Run: dotnet run -c Release --project bench/Hpo.Engine.Benchmarks -- --filter '*'
// (DOTNET_EnableAVX512=0 in the environment runs the AVX2 / Vector256 path; .NET 10 ignores DOTNET_EnableAVX512F.)
// `-- share-of-peak [trials]`: the n = 1024 products against the FMA peak measured between them.
if (args.Length > 0 && args[0] == "share-of-peak")
{
    SquareGemmShare.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
Console.WriteLine($"# gemm isa={Gemm.Isa}; measured peak: {MachinePeak.Width} FMA {MachinePeak.Gflops:F1} GFLOP/s, L2 triad {MachinePeak.GBps:F1} GB/s");
var config = DefaultConfig.Instance
    .AddColumn(new ThroughputColumn(shareOfPeak: false), new ThroughputColumn(shareOfPeak: true))
    .AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("in-process"))
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args, config);
