using Hpo.Engine.Training;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Sweeps.Control;

/// <summary>
/// The decisions of one sweep in a cluster, as a plain class the sweep actor asks: which node trains which
/// trial (work-conserving over every node's free slots, preferring the node that holds a promoted trial's model),
/// what an epoch report, a finished rung or a failure means, when a silent dispatch is sent again, and what
/// a lost node's trials become. Every input returns <see cref="SweepEffects"/>: events to persist, then orders.
/// In-flight dispatches are not persisted: after a restart <see cref="Resume"/> dispatches the running trials
/// again from their last checkpoint, and duplicate reports are ignored by the decider.
/// </summary>
public sealed class SweepController
{
    private readonly SweepSpec _spec;
    private readonly TimeSpan _heartbeat;
    private readonly NodeRoom _room = new();
    private readonly Dictionary<int, DispatchInFlight> _inFlight = [];
    /// <summary>Running trials with no dispatch in flight (after a restart, a lost node, a silent dispatch), by id.</summary>
    private readonly SortedSet<int> _orphans = [];
    private readonly Dictionary<int, string> _lastNode = [];
    private readonly Dictionary<int, int> _retries = [];
    private long _nextDispatch;
    private double _longestEpochSeconds;
    private bool _sated;

    /// <summary>
    /// How long a dispatch may stay silent before it is sent again: the configured minimum, or five times the
    /// longest epoch seen in this sweep when epochs are slow, so a lost dispatch is noticed in seconds on small
    /// models without re-sending the big ones.
    /// </summary>
    public TimeSpan HeartbeatWindow => TimeSpan.FromSeconds(Math.Max(_heartbeat.TotalSeconds, 5 * _longestEpochSeconds));

    /// <summary>How often a trial is dispatched again after failures its node calls retryable.</summary>
    public const int MaxRetries = 3;

    /// <summary>
    /// How long after sending a dispatch its node's announcements must list it: a dispatch missing from two
    /// announcements after that was lost on its way (or by the node) and is sent again at once.
    /// </summary>
    public static readonly TimeSpan ListingGrace = TimeSpan.FromSeconds(2);

    public SweepController(SweepSpec spec, SweepDecider decider, TimeSpan heartbeat, long firstDispatch = 1)
    {
        _spec = spec;
        Decider = decider;
        _heartbeat = heartbeat;
        _nextDispatch = firstDispatch;
        FindOrphans(); // a decider rebuilt from a journal may hold running trials
    }

    public SweepDecider Decider { get; }
    public SweepSpec Spec => _spec;
    public SweepState State => Decider.State;

    /// <summary>The sweep's room on each node and its dispatches there.</summary>
    public NodeRoom Room => _room;

    /// <summary>Dispatches waiting in a node's queue for a slot.</summary>
    public int Queued => _inFlight.Count - _room.BusySlots;

    /// <summary>The node a trial was last dispatched to (it may hold the trial's model), or null.</summary>
    public string? LastNodeOf(int trial) => _lastNode.GetValueOrDefault(trial);

    /// <summary>
    /// The sweep would dispatch more if it had room: the last fill ran out of room with trials to place, or before
    /// the decider said it has nothing to start (which holds until something it decides on happens).
    /// </summary>
    public bool Wants { get; private set; }

    /// <summary>
    /// The sweep's share of the cluster (from the one place that shares it between sweeps): on each listed node it may
    /// hold this many dispatches training and queued; a node not listed, none (it stays known: lost nodes are told).
    /// </summary>
    public SweepEffects OnShare(IReadOnlyCollection<Sharing.NodeAllowance> allowances, DateTimeOffset now)
    {
        _room.Share(allowances);
        return Fill(new SweepEffects(), now);
    }

    /// <summary>
    /// A node listed the dispatches of this sweep it holds (null: it listed none; the sweep's room comes from its
    /// share): those waiting for a slot are alive, and one it should hold but has not listed twice since
    /// <see cref="ListingGrace"/> is sent again.
    /// </summary>
    public SweepEffects OnNodeListing(string node, IReadOnlyCollection<HeldRung>? held, DateTimeOffset now)
    {
        var effects = new SweepEffects();
        var listed = held?.GroupBy(h => (h.TrialId, h.Dispatch)).ToDictionary(g => g.Key, g => g.Last().Started);
        foreach (var (trial, flight) in _inFlight.Where(kv => listed is not null && kv.Value.Node == node).ToArray())
        {
            if (!flight.Lost(listed!.TryGetValue((trial, flight.Dispatch), out bool started) ? started : null, now, ListingGrace)) continue;
            // A finished sweep released what it still had in flight: gone from the node, as it should be.
            if (!State.IsFinished)
                effects.Silent.Add(new SilentDispatch(trial, flight.Dispatch, node, now - flight.LastHeard, "its node does not list it"));
            Land(trial, orphaned: !State.IsFinished);
        }
        return Fill(effects, now);
    }

    /// <summary>
    /// A node began to leave: nothing more goes to it; what it holds stays in flight until it comes back handed back
    /// (or the node is lost).
    /// </summary>
    public SweepEffects OnNodeLeaving(string node, DateTimeOffset now)
    {
        _room.Close(node);
        return Fill(new SweepEffects(), now);
    }

    /// <summary>A node left the cluster: its trials go elsewhere from their last checkpoints.</summary>
    public SweepEffects OnNodeLost(string node, DateTimeOffset now)
    {
        _sated = false;
        _room.Remove(node);
        var effects = new SweepEffects();
        foreach (var (trial, _) in _inFlight.Where(kv => kv.Value.Node == node).ToArray())
        {
            Land(trial, orphaned: true);
            if (_lastNode.GetValueOrDefault(trial) == node) _lastNode.Remove(trial);
        }
        return Fill(effects, now);
    }

    /// <summary>
    /// After recovery every trial the journal shows running is dispatched again from its last checkpoint. Dispatches what there is to dispatch; <paramref name="recoveredAfter"/>: the sweep was recovered from its journal
    /// after running that long (<see cref="SweepDecider.Resumed"/>; TimeSpan.Zero or more, or null when not known).
    /// </summary>
    public SweepEffects Resume(DateTimeOffset now, bool recovered = false, TimeSpan? recoveredAfter = null)
    {
        _sated = false;
        var effects = new SweepEffects();
        if (recovered) effects.Events.AddRange(Decider.Resumed(now, recoveredAfter));
        return Fill(effects, now);
    }

    public SweepEffects OnEpochReport(TrialEpochReport report, DateTimeOffset now)
    {
        var effects = new SweepEffects();
        if (!Current(report.TrialId, report.Dispatch, out var flight)) return effects;
        _sated = false;
        flight.LastHeard = now;
        flight.Started = true;
        if (report.Metrics.Seconds > _longestEpochSeconds) _longestEpochSeconds = report.Metrics.Seconds;
        double objective = report.Diverged || report.Objective is not double o ? double.NaN : o;
        var summary = new EpochSummary(
            (float)report.Metrics.TrainLoss,
            (float)(report.Metrics.ValLoss ?? double.NaN),
            (float)report.Metrics.SamplesPerSecond);
        var outcome = Decider.OnReport(new TrialReport(report.TrialId, report.Epoch, objective, summary), now);
        effects.Events.AddRange(outcome.Events);
        // A trial that can never continue has its model dropped; one stopped mid-rung also stops training. Its
        // dispatch is over here and now: the release may cancel the rung before it answers, and a slot held for an
        // answer that never comes would idle until the node's announcements showed the dispatch gone.
        if (outcome.Action is TrialAction.Stop or TrialAction.Diverged or TrialAction.Complete or TrialAction.Failed)
        {
            effects.Releases.Add(new ReleaseOrder(report.TrialId, flight.Node));
            Land(report.TrialId, orphaned: false);
        }
        return Fill(effects, now);
    }

    /// <summary>A node finished (or abandoned, after a release) a dispatch: its slot is free again.</summary>
    public SweepEffects OnRungCompleted(RungEnded done, DateTimeOffset now)
    {
        var effects = new SweepEffects();
        if (!Current(done.TrialId, done.Dispatch, out _)) return effects;
        _sated = false;
        Land(done.TrialId, orphaned: false);
        var trial = State.Trial(done.TrialId);
        if (trial.Status == TrialStatus.Running)
        {
            // The worker stopped short of what the decider expects (it could not go on): the trial has failed.
            var outcome = Decider.OnFailure(done.TrialId, done.StopReason ?? $"training ended at epoch {done.Epoch} before epoch {trial.DispatchTo}", now);
            effects.Events.AddRange(outcome.Events);
        }
        return Fill(effects, now);
    }

    /// <summary>
    /// A node could not train a dispatch. A retryable failure (something on that node) is dispatched again, up to
    /// <see cref="MaxRetries"/> times; any other failure (bad data, a bad plan) fails the trial. A checkpoint store
    /// that still fails once the retries are spent stops the sweep (<see cref="SweepDecider.StorageFailed"/>).
    /// </summary>
    public SweepEffects OnTrainingFailed(RungFailed failed, DateTimeOffset now)
    {
        var effects = new SweepEffects();
        if (!Current(failed.TrialId, failed.Dispatch, out _)) return effects;
        _sated = false;
        if (failed.HandedBack)
        {
            // Its node is leaving and stored the model where it stopped: it continues elsewhere, not a retry.
            Land(failed.TrialId, orphaned: true);
            _lastNode.Remove(failed.TrialId);
            return Fill(effects, now);
        }
        bool retry = failed.Retryable && _retries.GetValueOrDefault(failed.TrialId) < MaxRetries;
        Land(failed.TrialId, orphaned: retry);
        if (retry)
        {
            // Something went wrong on the node, not with the trial: run it again from its checkpoint, elsewhere if possible.
            _retries[failed.TrialId] = _retries.GetValueOrDefault(failed.TrialId) + 1;
            _lastNode.Remove(failed.TrialId);
            return Fill(effects, now);
        }
        effects.Events.AddRange(Decider.OnFailure(failed.TrialId, failed.Error, now).Events);
        if (failed.Storage)
        {
            // The store failed on every attempt: the next trial would meet it too. Stop the sweep with the cause.
            return EndNow(effects, Decider.StorageFailed($"trial {failed.TrialId} on {failed.Node}: {failed.Error}", now));
        }
        return Fill(effects, now);
    }

    /// <summary>
    /// Periodic: a dispatch silent for longer than the heartbeat window is sent again (to the best node then);
    /// a spent time budget stops the running trials.
    /// </summary>
    public SweepEffects OnTick(DateTimeOffset now)
    {
        var effects = new SweepEffects();
        var window = HeartbeatWindow;
        foreach (var (trial, flight) in _inFlight.Where(kv => now - kv.Value.LastHeard > window).ToArray())
        {
            effects.Silent.Add(new SilentDispatch(trial, flight.Dispatch, flight.Node, now - flight.LastHeard, "no report within the heartbeat window"));
            Land(trial, orphaned: true); // if it was decided meanwhile (its ack was lost), Fill drops it
        }
        FindOrphans();
        var timerEvents = Decider.OnTimer(now);
        if (timerEvents.Count > 0) _sated = false;
        effects.Events.AddRange(timerEvents);
        foreach (var stopped in timerEvents.OfType<TrialStopped>())
            if (_inFlight.TryGetValue(stopped.Trial, out var flight))
                effects.Releases.Add(new ReleaseOrder(stopped.Trial, flight.Node));
        return Fill(effects, now);
    }

    /// <summary>The user cancelled: stop every running trial and finish.</summary>
    public SweepEffects Cancel(DateTimeOffset now) => EndNow(new SweepEffects(), Decider.Cancel(now));

    /// <summary>The sweep ends before its search is done (<paramref name="ending"/>): every dispatch in flight is released.</summary>
    private SweepEffects EndNow(SweepEffects effects, IReadOnlyList<SweepEvent> ending)
    {
        foreach (var (trial, flight) in _inFlight)
            effects.Releases.Add(new ReleaseOrder(trial, flight.Node));
        effects.Events.AddRange(ending);
        effects.Finished = State.IsFinished;
        return effects;
    }

    private bool Current(int trial, long dispatch, out DispatchInFlight flight)
    {
        if (_inFlight.TryGetValue(trial, out flight!) && flight.Dispatch == dispatch) return true;
        flight = null!;
        return false;
    }

    /// <summary>
    /// Gives work to free slots: first running trials that have no dispatch in flight (after a restart, a lost
    /// node or a silent dispatch), then whatever the decider chooses, until it waits or no slot is free.
    /// </summary>
    private SweepEffects Fill(SweepEffects effects, DateTimeOffset now)
    {
        Wants = false;
        while (_orphans.Count > 0)
        {
            var trial = State.Trial(_orphans.Min);
            if (trial.Status != TrialStatus.Running || _inFlight.ContainsKey(trial.Id))
            {
                _orphans.Remove(trial.Id);
                continue;
            }
            if (ChooseNode(trial.Id) is not { } node)
            {
                Wants = true;
                effects.Finished = State.IsFinished;
                return effects;
            }
            Send(effects, trial.Id, node, trial.Config, trial.DispatchFrom, trial.DispatchTo, now);
        }
        while (!State.IsFinished)
        {
            if (ChooseNode(null) is null)
            {
                Wants = !_sated;
                break;
            }
            var outcome = Decider.OnSlotFree(now);
            effects.Events.AddRange(outcome.Events);
            if (outcome.Dispatch is not { } d)
            {
                _sated = true;
                break;
            }
            Send(effects, d.Trial, ChooseNode(d.Trial)!, d.Config, d.FromEpoch, d.ToEpoch, now);
        }
        effects.Finished = State.IsFinished;
        return effects;
    }

    /// <summary>The plan a trial trains with (its configuration materialised), or null when the spec refuses it.</summary>
    public TrialPlan? PlanOf(int trial) => TrialPlans.Of(_spec, State.Trial(trial).Config, out _);

    /// <summary>The node to ask about a trial: the one that last trained it if it is still there, else the one with most slots.</summary>
    public string? NodeFor(int trial) =>
        _lastNode.TryGetValue(trial, out var last) && _room.Slots.ContainsKey(last) ? last : _room.Largest();

    private void Send(SweepEffects effects, int trial, string node, Search.TrialConfig config, int from, int to, DateTimeOffset now)
    {
        if (TrialPlans.Of(_spec, config, out var refused) is not { } plan)
        {
            effects.Events.AddRange(Decider.OnFailure(trial, refused!, now).Events);
            return;
        }
        long dispatch = _nextDispatch++;
        Land(trial, orphaned: false); // a trial promoted on its rung's last report replaces its ending dispatch
        _inFlight[trial] = new DispatchInFlight(dispatch, node, now);
        _room.Take(node);
        _orphans.Remove(trial);
        _lastNode[trial] = node;
        effects.Dispatches.Add(new DispatchOrder(trial, dispatch, node, plan, from, to));
    }

    private string? ChooseNode(int? trial) => _room.Choose(trial is int t ? _lastNode.GetValueOrDefault(t) : null);

    /// <summary>A dispatch is over (done, failed, lost or silent); an orphaned trial is dispatched again by <see cref="Fill"/>.</summary>
    private void Land(int trial, bool orphaned)
    {
        if (!_inFlight.Remove(trial, out var flight)) return;
        _room.Free(flight.Node);
        if (orphaned) _orphans.Add(trial);
    }

    /// <summary>Every running trial without a dispatch in flight (a full scan: on recovery and once a tick, as a safety net).</summary>
    private void FindOrphans()
    {
        foreach (var trial in State.Trials)
            if (trial.Status == TrialStatus.Running && !_inFlight.ContainsKey(trial.Id)) _orphans.Add(trial.Id);
    }
}
