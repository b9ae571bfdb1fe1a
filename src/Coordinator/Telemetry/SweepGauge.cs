using Hpo.Engine.Diagnostics;
using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Telemetry;

/// <summary>
/// What the metrics show of one sweep at a moment: its status (trials by state, best objective, rungs, epochs) and
/// how many of its trials have each kind of training issue in their log.
/// </summary>
public sealed record SweepGauge(SweepStatus Status, IReadOnlyDictionary<IssueKind, int> TrialsWithIssue);
