using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>The scheduler options a sweep spec asks for: its search section, its objective and its max epochs.</summary>
public static class SweepSchedule
{
    public static SchedulerOptions Options(SweepSpec spec)
    {
        var s = spec.Search;
        return new SchedulerOptions
        {
            Kind = s.Scheduler,
            ReductionFactor = s.ReductionFactor,
            MinEpochs = s.MinEpochs,
            MaxEpochs = spec.MaxEpochs,
            GracePeriod = s.GracePeriod,
            Brackets = s.Brackets,
            MaxTrials = s.MaxTrials,
            MaxTotalEpochs = s.MaxTotalEpochs,
            TimeBudget = s.TimeBudget,
            MaxConcurrent = s.MaxConcurrent,
            Mode = spec.Objective.Mode == ObjectiveMode.Max ? ObjectiveMode.Max : ObjectiveMode.Min,
            Scope = spec.Objective.Scope,
            EarlyStopping = s.EarlyStopping,
        };
    }
}
