using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>A worker's report of one epoch (1-based) of a trial.</summary>
public readonly record struct TrialReport(int Trial, int Epoch, double Objective, EpochSummary Metrics = default);
