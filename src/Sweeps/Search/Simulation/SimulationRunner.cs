using System.Diagnostics;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Simulation;

/// <summary>Runs a whole simulated sweep and measures it.</summary>
public static class SimulationRunner
{
    /// <summary>
    /// Simulates <paramref name="options"/> over at most <paramref name="trials"/> trials of the surrogate
    /// population of <paramref name="seed"/> with <paramref name="slots"/> virtual workers.
    /// </summary>
    public static SimulationResult Run(SchedulerOptions options, int trials, int slots, long seed, SimulationPopulation? population = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var sweepOptions = options with { MaxTrials = Math.Min(trials, options.MaxTrials ?? int.MaxValue) };
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var simulation = new SweepSimulation(sweepOptions, slots, seed, population: population);
        simulation.Run();
        double wall = clock.Elapsed.TotalSeconds;
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var result = Summarise(simulation, wall, heapAfter - heapBefore);
        GC.KeepAlive(simulation);
        return result;
    }

    /// <summary>The figures of a finished simulation.</summary>
    public static SimulationResult Summarise(SweepSimulation simulation, double wallSeconds, long heapBytes)
    {
        var state = simulation.State;
        int finished = state.Count(TrialStatus.Completed) + state.Count(TrialStatus.Stopped)
            + state.Count(TrialStatus.Failed) + state.Count(TrialStatus.Diverged);
        double capacity = simulation.Slots * simulation.VirtualSeconds;
        return new SimulationResult(
            state.Options.Kind.Name(),
            state.BestObjective,
            state.BestTrial,
            state.EpochsReported,
            finished,
            state.Count(TrialStatus.Completed),
            simulation.Reports,
            wallSeconds,
            wallSeconds > 0 ? simulation.Reports / wallSeconds : double.PositiveInfinity,
            state.TrialCount > 0 ? Math.Max(0, heapBytes) / (double)state.TrialCount : 0,
            capacity > 0 ? simulation.BusySlotSeconds / capacity : 0,
            simulation.VirtualSeconds);
    }
}
