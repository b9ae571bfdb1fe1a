using System.CommandLine;
using System.Globalization;

using Hpo.Node.CommandLine;

namespace Hpo.Benchmarks;

/// <summary><c>hpo bench engine</c>: the command line of <see cref="EngineBenchmark"/>.</summary>
public static class EngineBenchmarkCommand
{
    /// <summary>The <c>engine</c> subcommand of <c>hpo bench</c>.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new EngineBenchmark.Settings();
        var cases = new Option<string>("--cases") { Description = "comma-separated cases: a, a_adam, b, c1, c32, d (first epochs); s, f (early and late epochs of a long training)" };
        var threads = new Option<string>("--threads") { Description = "comma-separated threads per training step", DefaultValueFactory = _ => "1,2" };
        var epochs = new Option<int>("--epochs") { Description = "timed epochs per figure (median printed), after a warm-up of half a second or more", DefaultValueFactory = _ => defaults.Epochs };
        var quick = new Option<bool>("--quick") { Description = "large cases on 7,680 samples instead of 60,000 (as the PyTorch script's --quick)" };
        var parallel = new Option<int>("--parallel-trials") { Description = "also train this many trials at once, one thread each, against one alone" };
        var steadyEpochs = new Option<int>("--steady-epochs") { Description = "epochs of the cases s and f (default: their own, 150 and 30)" };
        var countSubnormals = new Option<bool>("--count-subnormals") { Description = "count the subnormal floats of every step of s and f (a probe: slower figures)" };
        var command = new Command("engine", "Training samples per second on the cases of torch_mlp_bench.py, in its line format")
        {
            cases, threads, epochs, quick, parallel, steadyEpochs, countSubnormals,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            EngineBenchmark.Run(new EngineBenchmark.Settings
            {
                Cases = result.GetValue(cases) is { } given ? List(given) : EngineBenchmark.DefaultCases,
                Threads = List(result.GetValue(threads)!).Select(Threads).ToArray(),
                Epochs = result.GetValue(epochs),
                Quick = result.GetValue(quick),
                ParallelTrials = result.GetValue(parallel),
                SteadyEpochs = result.GetValue(steadyEpochs),
                CountSubnormals = result.GetValue(countSubnormals),
            }, stdout);
            return 0;
        }, stderr));
        return command;
    }

    private static int Threads(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new UsageException($"--threads takes whole numbers of at least 1, not '{text}'");

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
