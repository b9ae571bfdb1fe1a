using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;

namespace Hpo.Coordinator.Cluster;

/// <summary>The wire messages a sweep's shell receives, as the records of the pure sweep core.</summary>
public static class WireToCore
{
    public static TrialEpochReport ToCore(this EpochReport r) => new(r.TrialId, r.Dispatch, r.Epoch, r.Objective, r.Metrics);

    public static RungEnded ToCore(this RungCompleted c) => new(c.TrialId, c.Dispatch, c.Epoch, c.StopReason);

    public static RungFailed ToCore(this TrainingFailed f) => new(f.TrialId, f.Dispatch, f.Error, f.Node, f.Retryable, f.HandedBack, f.Storage);

    public static TestAnswer ToCore(this TrialEvaluated a) => new(a.TrialId, a.Epoch, a.Test, a.Error, a.Stored, a.StoreError);

    public static RefitAnswer ToCore(this TrialRefitted a) => new(a.TrialId, a.Epochs, a.TrainSamples, a.Test, a.Error);

    /// <summary>The training issues a report carries, to record with its epoch (null: none, or its epoch was not recorded).</summary>
    public static TrialIssuesReported? IssuesRecordedBy(this EpochReport r, SweepEffects effects) =>
        r.Issues.Count > 0 && effects.Events.Any(e => e is EpochReported er && er.Trial == r.TrialId && er.Epoch == r.Epoch)
            ? new TrialIssuesReported(r.TrialId, r.Epoch, r.Issues) : null;

    public static IReadOnlyList<HeldRung>? ToCore(this IEnumerable<HeldDispatch>? held) =>
        held?.Select(h => new HeldRung(h.SweepId, h.TrialId, h.Dispatch, h.Started)).ToList();
}
