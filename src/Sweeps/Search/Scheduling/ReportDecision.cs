using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

public readonly record struct ReportDecision(ReportAction Action, StopReason? Reason = null)
{
    public static ReportDecision Continue => new(ReportAction.Continue);
    public static ReportDecision Pause => new(ReportAction.Pause);
    public static ReportDecision Stop(StopReason reason) => new(ReportAction.Stop, reason);
}
