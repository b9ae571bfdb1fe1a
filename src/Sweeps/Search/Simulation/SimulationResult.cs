namespace Hpo.Sweeps.Search.Simulation;

/// <summary>The figures of one simulated sweep.</summary>
/// <param name="Scheduler">The scheduler's spec name.</param>
/// <param name="BestObjective">The best checkpointed objective (null when no trial reached a finite one).</param>
/// <param name="EpochsUsed">Epochs trained (reported) over all trials.</param>
/// <param name="TrialsFinished">Trials that ended (all sampled trials, once the sweep is over).</param>
/// <param name="TrialsCompleted">Trials trained to the maximum epochs.</param>
/// <param name="Reports">Epoch reports the decider handled.</param>
/// <param name="WallSeconds">Real seconds the simulation took.</param>
/// <param name="ReportsPerSecond">Reports handled per real second (decider and simulator together).</param>
/// <param name="StateBytesPerTrial">Managed heap growth over the run per trial (state, configurations, simulator).</param>
/// <param name="SlotUtilisation">Busy slot time over slots times the virtual makespan.</param>
/// <param name="VirtualSeconds">The virtual makespan.</param>
public sealed record SimulationResult(
    string Scheduler,
    double? BestObjective,
    int? BestTrial,
    long EpochsUsed,
    int TrialsFinished,
    int TrialsCompleted,
    long Reports,
    double WallSeconds,
    double ReportsPerSecond,
    double StateBytesPerTrial,
    double SlotUtilisation,
    double VirtualSeconds);
