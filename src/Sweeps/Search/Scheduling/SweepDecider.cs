using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// The pure core of a sweep: state + scheduler + sampler. The sweep actor calls <see cref="OnSlotFree"/> for a
/// free slot and <see cref="OnReport"/> for each epoch report, persists the returned events (they are already
/// applied to <see cref="State"/>) and carries out the dispatch or decision. Decisions depend only on the state,
/// the time passed in and the sampler, so a decider rebuilt from the journal (<see cref="Recover"/>) with a
/// sampler in the same position decides the same.
/// <para>
/// Protocol: whenever an outcome frees a slot, call <see cref="OnSlotFree"/> for every free slot until one
/// answers Wait or Finished; Wait stays the answer until a later outcome frees a slot. The decider never
/// answers Wait with no trial running, so the sweep cannot deadlock whatever the number of slots.
/// </para>
/// </summary>
public sealed class SweepDecider
{
    private readonly ISampler _sampler;
    private readonly ITrialScheduler _scheduler;

    public SweepDecider(SchedulerOptions options, ISampler sampler, SweepState? state = null)
        : this(options, sampler, TrialSchedulers.For(options.Kind), state)
    {
    }

    public SweepDecider(SchedulerOptions options, ISampler sampler, ITrialScheduler scheduler, SweepState? state = null)
    {
        options.EnsureValid();
        if (state is not null && state.Options != options)
            throw new ArgumentException("the state was built with other options", nameof(state));
        _sampler = sampler;
        _scheduler = scheduler;
        State = state ?? new SweepState(options);
    }

    /// <summary>A decider over the state rebuilt from a journal; the sampler must have drawn the journal's configurations already.</summary>
    public static SweepDecider Recover(SchedulerOptions options, ISampler sampler, IEnumerable<SweepEvent> events) =>
        new(options, sampler, SweepState.Replay(options, events));

    /// <summary>
    /// A decider rebuilt from a journal with a fresh sampler of the same seed: the sampler is asked again at
    /// every draw the journal records, with the history as it stood then, so a model-based sampler (TPE)
    /// is left exactly where it was. Recorded configurations win over redrawn ones. Given the sampler's
    /// saved <paramref name="position"/> (of a resumable sampler, within the journal's draws), the draws up
    /// to it are not made again: the sampler is restored there instead.
    /// </summary>
    public static SweepDecider Replay(SchedulerOptions options, ISampler freshSampler, IEnumerable<SweepEvent> events,
        SamplerPosition? position = null)
    {
        var journal = events as IReadOnlyCollection<SweepEvent> ?? events.ToList();
        var resumable = freshSampler as IResumableSampler;
        int skip = resumable is not null && position is not null && position.Draws <= journal.Count(IsDraw) ? position.Draws : 0;
        if (skip > 0) resumable!.RestoreState(position!.State);
        var state = new SweepState(options);
        int draws = 0;
        foreach (var e in journal)
        {
            if (IsDraw(e) && ++draws > skip) freshSampler.Next(state.History);
            state.Apply(e);
        }
        return new SweepDecider(options, freshSampler, state) { Draws = draws };
    }

    /// <summary>Calls of the sampler so far (configurations proposed, or the space found exhausted).</summary>
    public int Draws { get; private set; }

    /// <summary>An event that records one call of the sampler.</summary>
    public static bool IsDraw(SweepEvent e) => e is TrialSampled or SamplerExhausted;

    /// <summary>The sampler's position now, when it can be saved (see <see cref="Replay"/>).</summary>
    public SamplerPosition? SamplerPosition() =>
        _sampler is IResumableSampler r ? new SamplerPosition(Draws, r.SaveState()) : null;

    public SweepState State { get; }
    public SchedulerOptions Options => State.Options;
    public ITrialScheduler Scheduler => _scheduler;

    /// <summary>A slot is free at <paramref name="now"/>: promote, start a new trial, wait, or finish the sweep.</summary>
    public SlotOutcome OnSlotFree(DateTimeOffset now)
    {
        if (State.IsFinished)
            return new SlotOutcome([], SlotAction.Finished, null);
        var events = new List<SweepEvent>(2);
        if (State.StartedAt is null)
            Emit(events, new SweepStarted(now));

        while (true)
        {
            if (State.Running >= (Options.MaxConcurrent ?? int.MaxValue))
                return new SlotOutcome(events, SlotAction.Wait, null);

            long epochsLeft = State.EpochsLeft;
            var decision = State.IsTimeUp(now) || epochsLeft <= 0
                ? SlotDecision.Wait
                : _scheduler.OnSlotFree(State, canStartNew: !State.NoMoreTrials);

            switch (decision.Action)
            {
                case SlotAction.Promote:
                    {
                        var trial = State.Trial(decision.Trial);
                        int from = trial.Epochs;
                        Emit(events, new TrialPromoted(trial.Id, trial.Rung, trial.Rung + 1));
                        int to = Clip(decision.ToEpoch, from, epochsLeft);
                        Emit(events, new RungStarted(trial.Id, from, to));
                        return new SlotOutcome(events, SlotAction.Promote, new Dispatch(trial.Id, trial.Config, from, to));
                    }
                case SlotAction.StartNew:
                    {
                        var config = _sampler.Next(State.History);
                        Draws++;
                        if (config is null)
                        {
                            Emit(events, new SamplerExhausted());
                            continue; // ask again: promotions may remain
                        }
                        int id = State.TrialCount;
                        Emit(events, new TrialSampled(id, config, decision.Bracket));
                        int to = Clip(decision.ToEpoch, 0, epochsLeft);
                        Emit(events, new RungStarted(id, 0, to));
                        return new SlotOutcome(events, SlotAction.StartNew, new Dispatch(id, config, 0, to));
                    }
                default:
                    if (State.Running > 0)
                        return new SlotOutcome(events, SlotAction.Wait, null);
                    Finish(events, now);
                    return new SlotOutcome(events, SlotAction.Finished, null);
            }
        }
    }

    /// <summary>A worker reported an epoch. Repeated, stale and out-of-order reports are ignored.</summary>
    public ReportOutcome OnReport(TrialReport report, DateTimeOffset now)
    {
        if (State.IsFinished || (uint)report.Trial >= (uint)State.TrialCount)
            return ReportOutcome.Ignored;
        var trial = State.Trial(report.Trial);
        if (trial.Status != TrialStatus.Running || report.Epoch != trial.Epochs + 1 || report.Epoch > trial.DispatchTo)
            return ReportOutcome.Ignored;

        var events = new List<SweepEvent>(2);
        Emit(events, new EpochReported(trial.Id, report.Epoch, report.Objective, report.Metrics));

        if (!double.IsFinite(report.Objective))
            return End(events, new TrialDiverged(trial.Id, report.Epoch), TrialAction.Diverged);
        if (report.Epoch == Options.MaxEpochs)
            return End(events, new TrialCompleted(trial.Id), TrialAction.Complete);
        if (State.IsTimeUp(now))
            return Stop(events, trial, StopReason.TimeBudget);
        if (EarlyStoppingRule.ShouldStop(Options.EarlyStopping, trial))
            return Stop(events, trial, StopReason.EarlyStopping);

        var decision = _scheduler.OnReport(State, trial);
        switch (decision.Action)
        {
            case ReportAction.Pause:
                return End(events, new TrialPaused(trial.Id, trial.Rung), TrialAction.Pause);
            case ReportAction.Stop:
                return Stop(events, trial, decision.Reason ?? StopReason.Rung);
            default:
                // A dispatch ends before the next rung only when the epoch budget clipped it.
                return report.Epoch == trial.DispatchTo
                    ? Stop(events, trial, StopReason.EpochBudget)
                    : new ReportOutcome(events, TrialAction.Continue);
        }
    }

    /// <summary>A worker could not train the trial (it is not retried).</summary>
    public ReportOutcome OnFailure(int trialId, string error, DateTimeOffset now)
    {
        if (State.IsFinished || (uint)trialId >= (uint)State.TrialCount || State.Trial(trialId).Status != TrialStatus.Running)
            return ReportOutcome.Ignored;
        var events = new List<SweepEvent>(1);
        return End(events, new TrialFailed(trialId, error), TrialAction.Failed);
    }

    /// <summary>
    /// A timer fired: once the time budget is spent, stop every running trial rather than wait for its next
    /// report (the actor cancels their work; each freed slot then finds the sweep finished).
    /// </summary>
    public IReadOnlyList<SweepEvent> OnTimer(DateTimeOffset now)
    {
        if (State.IsFinished || !State.IsTimeUp(now) || State.Running == 0)
            return [];
        var events = new List<SweepEvent>();
        foreach (var trial in State.Trials)
        {
            if (trial.Status == TrialStatus.Running)
                Emit(events, new TrialStopped(trial.Id, StopReason.TimeBudget));
        }
        return events;
    }

    /// <summary>The user cancelled: running and paused trials stop, and the sweep finishes with its best so far.</summary>
    public IReadOnlyList<SweepEvent> Cancel(DateTimeOffset now) =>
        EndNow(StopReason.Cancelled, FinishReason.Cancelled, null, now);

    /// <summary>
    /// A recovered sweep dispatches again after <paramref name="ranBefore"/> of running (null: not known): its time
    /// budget goes on from what was left, not from its first start.
    /// </summary>
    public IReadOnlyList<SweepEvent> Resumed(DateTimeOffset now, TimeSpan? ranBefore)
    {
        if (State.IsFinished || State.StartedAt is null) return [];
        var events = new List<SweepEvent>(1);
        Emit(events, new SweepResumed(now, ranBefore?.TotalSeconds));
        return events;
    }

    /// <summary>
    /// The checkpoint store failed for good (<paramref name="cause"/>): running and paused trials stop, and the sweep
    /// finishes with its best so far and the cause, instead of failing trial after trial on the same store.
    /// </summary>
    public IReadOnlyList<SweepEvent> StorageFailed(string cause, DateTimeOffset now) =>
        EndNow(StopReason.StorageFailed, FinishReason.StorageFailed, cause, now);

    /// <summary>Ends the sweep before its search is done: running and paused trials stop with <paramref name="stop"/>.</summary>
    private IReadOnlyList<SweepEvent> EndNow(StopReason stop, FinishReason finish, string? cause, DateTimeOffset now)
    {
        if (State.IsFinished) return [];
        var events = new List<SweepEvent>();
        if (State.StartedAt is null) Emit(events, new SweepStarted(now));
        foreach (var trial in State.Trials)
        {
            if (trial.Status is TrialStatus.Running or TrialStatus.Paused)
                Emit(events, new TrialStopped(trial.Id, stop));
        }
        Emit(events, new SweepFinished(finish, State.BestTrial, cause));
        return events;
    }

    private ReportOutcome Stop(List<SweepEvent> events, TrialState trial, StopReason reason) =>
        End(events, new TrialStopped(trial.Id, reason), TrialAction.Stop, reason);

    private ReportOutcome End(List<SweepEvent> events, SweepEvent e, TrialAction action, StopReason? reason = null)
    {
        Emit(events, e);
        return new ReportOutcome(events, action, reason);
    }

    private void Finish(List<SweepEvent> events, DateTimeOffset now)
    {
        foreach (var trial in State.Trials)
        {
            if (trial.Status == TrialStatus.Paused)
                Emit(events, new TrialStopped(trial.Id, StopReason.SweepFinished));
        }
        var reason = State.IsTimeUp(now) ? FinishReason.TimeBudget
            : Options.MaxTotalEpochs.HasValue && State.EpochsLeft <= 0 ? FinishReason.MaxTotalEpochs
            : Options.MaxTrials is { } m && State.TrialCount >= m ? FinishReason.MaxTrials
            : FinishReason.SearchExhausted;
        Emit(events, new SweepFinished(reason, State.BestTrial));
    }

    private static int Clip(int toEpoch, int from, long epochsLeft) => epochsLeft >= toEpoch - from ? toEpoch : from + (int)epochsLeft;

    private void Emit(List<SweepEvent> events, SweepEvent e)
    {
        State.Apply(e);
        events.Add(e);
    }
}
