using System.Diagnostics;
using System.Globalization;
using Hpo.Engine.Data;
using Hpo.Engine.Kernels;
using Hpo.Engine.Training;
using Hpo.Node.CommandLine;

namespace Hpo.Benchmarks;

/// <summary>
/// <c>hpo bench engine</c>: the training engine's samples per second on the cases of PyTorch's
/// <c>torch_mlp_bench.py</c>, printed in that script's line format so the two can be compared case by case.
/// A program that prints figures, not a test.
/// </summary>
/// <remarks>
/// Per case and thread count, one session warms up (an epoch of each kind, and half a second at least:
/// see <see cref="WarmUpTime"/>), then alternates the bare training
/// steps of an epoch (<see cref="TrainingSession.TrainSteps"/>, timed as the script times PyTorch) with
/// whole <c>hpo train</c> epochs (<see cref="TrainingSession.TrainEpoch"/>: metrics, gradient norms and
/// the issues log included); each figure is the median over the epochs. Epochs shorter than 20 ms are
/// timed in runs of several (<c>epochs_per_figure</c> on the info line), or the figures would measure
/// the scheduler's noise rather than the engine. The first line per case has the
/// script's exact format; the second (<c>NAME-whole_epoch</c>) shows what the bookkeeping costs.
/// With parallel trials, that many independent sessions train at once, one thread each (a sweep's
/// throughput), against one session alone: see <see cref="ParallelTrialsBenchmark"/>.
/// </remarks>
public static class EngineBenchmark
{
    /// <summary>What to run.</summary>
    public sealed record Settings
    {
        /// <summary>Case keys: a, a_adam, b, c1, c32, d (first epochs) and s, f (<see cref="SteadyStateCase"/>).</summary>
        public IReadOnlyList<string> Cases { get; init; } = DefaultCases;

        /// <summary>Epochs of the steady-state cases (0: each case's own, 150 and 30).</summary>
        public int SteadyEpochs { get; init; }

        /// <summary>Counts the subnormal floats of the steady-state cases' every step (a probe: slower figures).</summary>
        public bool CountSubnormals { get; init; }

        /// <summary>Threads per training step to run each case with.</summary>
        public IReadOnlyList<int> Threads { get; init; } = [1, 2];

        /// <summary>Timed epochs per figure (the median is printed), after the warm-up.</summary>
        public int Epochs { get; init; } = 3;

        /// <summary>The large cases on <see cref="EngineBenchmarkCase.QuickSamples"/> samples, as the script's --quick.</summary>
        public bool Quick { get; init; }

        /// <summary>Independent trials trained at once on one thread each (0 or 1: not measured).</summary>
        public int ParallelTrials { get; init; }
    }

    public static IReadOnlyList<string> DefaultCases { get; } =
        [.. EngineBenchmarkCase.All.Select(c => c.Key), .. SteadyStateCase.All.Select(c => c.Key)];

    /// <summary>Runs the cases and writes a line per figure.</summary>
    public static void Run(Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Epochs < 1) throw new UsageException("--epochs must be at least 1");
        if (settings.SteadyEpochs < 0) throw new UsageException("--steady-epochs must be 0 (each case's own) or more");
        var known = settings.Cases.Select(key => (Key: key, First: FindFirstEpochs(key), Steady: FindSteady(key))).ToArray();
        var unknown = known.Where(k => k.First is null && k.Steady is null).Select(k => k.Key).ToArray();
        if (unknown.Length > 0)
            throw new UsageException($"unknown case '{string.Join("', '", unknown)}'; known: {string.Join(", ", DefaultCases)}");
        var cases = known.Select(k => k.First).OfType<EngineBenchmarkCase>().ToArray();
        var steadyCases = known.Select(k => k.Steady).OfType<SteadyStateCase>().ToArray();
        int large = settings.Quick ? EngineBenchmarkCase.QuickSamples : EngineBenchmarkCase.LargeSamples;
        var data = new Dictionary<string, Dataset>();
        Dataset DataOf(EngineBenchmarkCase c)
        {
            string key = c.Key.StartsWith('c') ? "c" : c.Key.StartsWith('a') ? "a" : "large";
            if (!data.TryGetValue(key, out var d)) data[key] = d = c.Data(large);
            return d;
        }

        output.WriteLine(Invariant($"# hpo engine isa={Gemm.Isa} cores={Environment.ProcessorCount} epochs={settings.Epochs} large_samples={large}"));
        foreach (int threads in settings.Threads)
        {
            foreach (var c in cases)
            {
                var split = Split(DataOf(c));
                var (steps, whole, parameters, group) = Measure(c, split, threads, settings.Epochs);
                double s = Median(steps), w = Median(whole);
                output.WriteLine(Line(c.Name, threads, s, parameters));
                output.WriteLine(Line(c.Name + "-whole_epoch", threads, w, parameters) + Invariant($" of_training_only={w / s:F3}"));
                output.WriteLine(Invariant($"#   params={parameters} batch={c.Batch} n={split.Train.Samples} opt={(c.Adam ? "adam" : "sgd")} epochs_per_figure={group} epoch_rates={Rates(steps)} whole_epoch_rates={Rates(whole)}"));
                output.Flush();
            }
            foreach (var c in steadyCases)
            {
                if (SteadyData(c, settings, data, output) is not { } train) continue;
                foreach (var line in SteadyStateBenchmark.Lines(c, train, threads, settings.SteadyEpochs, settings.CountSubnormals))
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            }
        }

        if (settings.ParallelTrials <= 1) return;
        foreach (var c in cases)
        {
            output.WriteLine(ParallelTrialsBenchmark.Line(c, Split(DataOf(c)), settings.ParallelTrials));
            output.Flush();
        }
    }

    private static EngineBenchmarkCase? FindFirstEpochs(string key) => EngineBenchmarkCase.All.FirstOrDefault(c => c.Key == key || c.Name == key);

    private static SteadyStateCase? FindSteady(string key) => SteadyStateCase.All.FirstOrDefault(c => c.Key == key || c.Name == key);

    /// <summary>
    /// A steady case's data, loaded once. Fashion-MNIST is a Debian package: without it, a run of the default
    /// cases says so and goes on, and a run that named the case fails with the loader's message.
    /// </summary>
    private static Dataset? SteadyData(SteadyStateCase c, Settings settings, Dictionary<string, Dataset> data, TextWriter output)
    {
        if (data.TryGetValue(c.Key, out var loaded)) return loaded;
        try
        {
            return data[c.Key] = c.Data();
        }
        catch (DataException e) when (ReferenceEquals(settings.Cases, DefaultCases))
        {
            output.WriteLine($"# case {c.Key} skipped: {e.Message}");
            data[c.Key] = null!;
            return null;
        }
    }

    private static DataSplit Split(Dataset train) => new(train, train.Subset([]), null);

    /// <summary>
    /// Training before the first figure: at least one epoch of each kind and this long, so that .NET's
    /// tiered JIT has replaced the first, quickly compiled code of every method on the step's path (it
    /// waits about 100 ms before it starts; `c`'s epochs of 2 ms were timed in that code, and its whole
    /// epochs showed methods of the bookkeeping still unoptimised).
    /// </summary>
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromMilliseconds(500);

    /// <summary>A figure covers at least this long: shorter epochs are timed in runs of several.</summary>
    private static readonly TimeSpan MinFigureTime = TimeSpan.FromMilliseconds(20);

    private static (List<double> Steps, List<double> Whole, int Parameters, int Group) Measure(EngineBenchmarkCase c, DataSplit split, int threads, int epochs)
    {
        var session = new TrainingSession(c.Model, c.Training(threads), split);
        int n = split.Train.Samples;
        var warmUp = Stopwatch.StartNew();
        do
        {
            session.TrainSteps();
            session.TrainEpoch();
        }
        while (warmUp.Elapsed < WarmUpTime);
        var clock = Stopwatch.StartNew();
        session.TrainSteps();
        // Epochs of a few hundred microseconds (c, a) would measure the scheduler, not the engine: such
        // epochs are timed in runs of `group`, the same for both lines.
        int group = (int)Math.Clamp(Math.Ceiling(MinFigureTime / clock.Elapsed), 1, 1000);
        var steps = new List<double>();
        var whole = new List<double>();
        for (int e = 0; e < epochs; e++)
        {
            clock.Restart();
            for (int g = 0; g < group; g++) session.TrainSteps();
            steps.Add((double)n * group / clock.Elapsed.TotalSeconds);
            clock.Restart();
            for (int g = 0; g < group; g++) session.TrainEpoch();
            whole.Add((double)n * group / clock.Elapsed.TotalSeconds);
        }
        return (steps, whole, session.Network.TrainableParameterCount, group);
    }

    internal static string Line(string name, int threads, double samplesPerSecond, int parameters) =>
        Invariant($"case={name} threads={threads} samples_per_s={samplesPerSecond:F1} gflops={6.0 * parameters * samplesPerSecond / 1e9:F3}");

    private static string Rates(List<double> rates) => "[" + string.Join(", ", rates.Select(r => Math.Round(r).ToString(CultureInfo.InvariantCulture))) + "]";

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
