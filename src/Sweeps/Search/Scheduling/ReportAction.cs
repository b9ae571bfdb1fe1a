namespace Hpo.Sweeps.Search.Scheduling;

public enum ReportAction
{
    Continue,
    Pause,
    Stop,
}
