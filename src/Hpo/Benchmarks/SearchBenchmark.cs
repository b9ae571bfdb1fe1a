using System.Globalization;
using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Simulation;

namespace Hpo.Benchmarks;

/// <summary>
/// The whole-sweep benchmark: 100,000 ASHA trials (eta 3, 1 to 81 epochs) on 1,000 virtual slots, printing
/// reports handled per second and managed bytes held per trial. A program that prints figures, not a test.
/// </summary>
public static class SearchBenchmark
{
    public const int Trials = 100_000;
    public const int Slots = 1_000;

    public static SchedulerOptions Options { get; } = new()
    {
        Kind = SchedulerKind.Asha,
        ReductionFactor = 3,
        MinEpochs = 1,
        MaxEpochs = 81,
        Mode = ObjectiveMode.Max,
    };

    public static SimulationResult Run(TextWriter output, int trials = Trials, int slots = Slots, long seed = 1)
    {
        SimulationRunner.Run(Options, Math.Min(trials, 2_000), Math.Min(slots, 100), seed); // warm up the JIT
        var r = SimulationRunner.Run(Options, trials, slots, seed);
        output.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "reports_per_second={0:F0} bytes_per_trial={1:F0} trials={2} epochs={3} scheduler={4} slots={5} reports={6} wall_seconds={7:F2} slot_utilisation={8:F3} best_objective={9:F5}",
            r.ReportsPerSecond, r.StateBytesPerTrial, r.TrialsFinished, r.EpochsUsed, r.Scheduler, slots, r.Reports,
            r.WallSeconds, r.SlotUtilisation, r.BestObjective ?? double.NaN));
        return r;
    }
}
