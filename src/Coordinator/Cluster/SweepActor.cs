using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Hpo.Coordinator.Telemetry;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Cluster;

/// <summary>
/// One sweep, persistent (id <c>sweep-{id}</c>): a thin shell around <see cref="SweepController"/>. Every input
/// goes to the controller; the events of its effects are written (inputs arriving meanwhile are gathered into
/// the next write, and a write of several events is one journal row, a <see cref="SweepEventBatch"/>) and only
/// once written are the orders sent and the replies given. On recovery the journal rebuilds the decider (the
/// sampler restored from its last <see cref="SamplerCheckpointed"/>, the draws after it made again), then the
/// running trials are dispatched again from their checkpoints. No Akka snapshots of the state: replaying the
/// events is cheap (a 20,000-trial sweep of 170,000 events in about 2 s), and a snapshot would need every
/// scheduler's and the view's state in a second, versioned format; the sampler, the one costly part of a
/// replay, is checkpointed instead.
/// </summary>
public sealed class SweepActor : ReceivePersistentActor, IWithTimers
{
    private readonly string _sweepId;
    private readonly IActorRef _trials;
    private readonly SweepActorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RecoveredJournal _recovered = new();
    private bool _resuming;
    private readonly long _createdAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private SweepCreated? _created;
    private SweepController? _controller;
    private SweepView? _view;
    private string? _broken;
    private readonly WriteBatcher _writes;
    private int _sampledAt;
    private readonly Dictionary<OncePerSweepKind, OncePerSweepOrder> _once = [];
    private readonly SweepUsageReporter _usage;

    /// <summary>Draws between two sampler checkpoints in the journal.</summary>
    private const int SamplerCheckpointEvery = 50;

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>Time to step the once-per-sweep order of this kind.</summary>
    private sealed record OnceTick(OncePerSweepKind Kind);

    public SweepActor(string sweepId, IActorRef trials, SweepActorSettings settings)
    {
        _sweepId = sweepId;
        _trials = trials;
        _settings = settings;
        _usage = new SweepUsageReporter(sweepId);
        _writes = new WriteBatcher((row, done) => PersistAsync(row, _ => done()), Execute, () => Now,
            (events, took) => _settings.Metrics?.JournalWritten(_sweepId, events, took));

        Recover<SweepCreated>(c => _created = c);
        Recover<SweepEvent>(e => _recovered.Add(e, null));
        Recover<TrialIssuesReported>(e => _recovered.Add(e, null));
        Recover<SamplerCheckpointed>(e => _recovered.Add(e, null));
        Recover<BestTrialTested>(e => _recovered.Add(e, null));
        Recover<BestTrialRefitted>(e => _recovered.Add(e, null));
        Recover<SweepEventBatch>(b =>
        {
            foreach (var e in b.Events) _recovered.Add(e, b.At);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (_created is null) Become(Uninitialised);
            else Start(_created, _recovered.Events, times: _recovered.Times);
            _recovered = new RecoveredJournal();
        });
    }

    public static Props Props(string sweepId, IActorRef trials, SweepActorSettings settings) =>
        Akka.Actor.Props.Create(() => new SweepActor(sweepId, trials, settings));

    public static string PersistenceIdOf(string sweepId) => "sweep-" + sweepId;

    public override string PersistenceId => PersistenceIdOf(_sweepId);

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _settings.Clock.GetUtcNow();

    private void Uninitialised()
    {
        Command<StartSweep>(start =>
        {
            var created = start.Created;
            if (created.SweepId != _sweepId)
            {
                Sender.Tell(new SweepRejected($"sweep id {created.SweepId} sent to sweep {_sweepId}", []));
                return;
            }
            Persist(created, c =>
            {
                Start(c, [], start.Spec);
                Sender.Tell(new SweepAccepted(c.SweepId));
            });
        });
        Command<ISweepRequest>(r => Sender.Tell(new SweepNotFound(r.SweepId)));
        Command<ListSweepsItem>(_ => Sender.Tell(new SweepNotFound(_sweepId)));
        // Capacity known before the sweep starts is used once it starts.
        Command<NodeCapacity>(_ => Stash.Stash());
        Command<NodeLost>(_ => Stash.Stash());
        Command<SlotShare>(_ => Stash.Stash());
        CommandAny(_ => { });
    }

    /// <summary>
    /// Rebuilds the decider from the journal (or starts afresh) and becomes active. A new sweep comes with the spec its
    /// submitter parsed; a recovered one parses the text its journal holds.
    /// </summary>
    private void Start(SweepCreated created, IReadOnlyList<object> journal, SweepSpec? parsed = null, IReadOnlyList<DateTimeOffset?>? times = null)
    {
        _created = created;
        try
        {
            var spec = parsed ?? SweepSpecParser.Parse(created.SpecText, created.SourceName, created.BaseDirectory);
            // Dispatch numbers after a restart start past any used before it.
            (_controller, _view) = SweepReplay.Of(created, spec, journal, times, _settings.Heartbeat, firstDispatch: Now.UtcTicks);
            _sampledAt = _controller.Decider.Draws;
        }
        catch (Exception e)
        {
            // Whatever fails here (today's parser refusing an old spec, a replay that no longer fits), the sweep
            // alone is broken: the registry, the API and every other sweep start regardless.
            _broken = $"the sweep's journal cannot be read back: {e.Message}";
            _log.Error(e, "sweep {0}: {1}", _sweepId, _broken);
            Become(Broken);
            return;
        }
        if (journal.Count > 0)
            _log.Info("sweep {0} recovered in {4:F2} s: {1} journal events, {2} trials, {3}", _sweepId, journal.Count,
                _controller.State.TrialCount, _controller.State.IsFinished ? "finished" : "resuming",
                System.Diagnostics.Stopwatch.GetElapsedTime(_createdAt).TotalSeconds);
        bool hold = _settings.StartHeld && journal.Count > 0 && !_controller.State.IsFinished;
        _resuming = journal.Count > 0 && _controller.State.StartedAt is not null && !_controller.State.IsFinished;
        IsHeld = hold;
        Become(hold ? Held : Active);
        Stash.UnstashAll();
        PublishGauge();
        if (!hold && !_controller.State.IsFinished) Dispatch();
        if (!hold && _controller.State.IsFinished)
        {
            // It ended before its refit, or its best trial's test figures, were recorded.
            Begin(OncePerSweepKind.Refit);
            Begin(OncePerSweepKind.Test);
        }
        if (_controller.State.IsFinished) Context.Parent.Tell(new SweepEnded(_sweepId)); // it shares no slots
    }

    private void Dispatch()
    {
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.TickInterval);
        // A recovered sweep marks where its downtime ended: its running time and its time budget leave the gap out.
        bool recovered = _resuming;
        _resuming = false;
        Carry(_controller!.Resume(Now, recovered, _view!.Running));
    }

    /// <summary>Recovered and unfinished, not dispatching: it answers queries and keeps the nodes' latest capacity for when it resumes.</summary>
    private void Held()
    {
        var capacity = new Dictionary<string, NodeCapacity>(StringComparer.Ordinal);
        Command<ResumeSweep>(_ =>
        {
            _log.Info("sweep {0} resumes", _sweepId);
            IsHeld = false;
            Become(Active);
            Dispatch();
            foreach (var n in capacity.Values) Self.Tell(n);
            if (_usage.Share is { } share) Self.Tell(share);
            Sender.Tell(new SweepAccepted(_sweepId));
        });
        Command<SlotShare>(share =>
        {
            _usage.Share = share;
            ReportUsage(); // it wants nothing while held
        });
        Command<NodeCapacity>(n =>
        {
            if (n.Slots > 0) capacity[n.Node] = n;
            else capacity.Remove(n.Node);
        });
        Command<NodeLost>(n => capacity.Remove(n.Node));
        Queries();
        CommandAny(_ => { });
    }

    private void Active()
    {
        Command<EpochReport>(r =>
        {
            if (r.SweepId != _sweepId) return;
            var effects = _controller!.OnEpochReport(r.ToCore(), Now);
            bool recorded = r.Issues.Count > 0 && effects.Events.Any(e => e is EpochReported er && er.Trial == r.TrialId && er.Epoch == r.Epoch);
            Carry(effects, recorded ? [new TrialIssuesReported(r.TrialId, r.Epoch, r.Issues)] : null);
        });
        Command<RungCompleted>(c =>
        {
            if (c.SweepId == _sweepId) Carry(_controller!.OnRungCompleted(c.ToCore(), Now));
        });
        Command<Hpo.Protocol.TrainingFailed>(f =>
        {
            if (f.SweepId == _sweepId) Carry(_controller!.OnTrainingFailed(f.ToCore(), Now));
        });
        Command<NodeCapacity>(n =>
        {
            if (n.Slots <= 0)
            {
                Carry(n.Leaving ? _controller!.OnNodeLeaving(n.Node, Now) : _controller!.OnNodeLost(n.Node, Now));
                return;
            }
            var held = n.Held?.Where(h => h.SweepId == _sweepId).ToCore();
            // Its room comes from its share; a node's announcement only lists what it holds.
            if (held is not null) Carry(_controller!.OnNodeListing(n.Node, held, Now));
        });
        Command<SlotShare>(share =>
        {
            if (_usage.Accept(share)) Carry(_controller!.OnShare(share.Nodes, Now));
        });
        Command<NodeLost>(n =>
        {
            if (_controller!.Room.Slots.ContainsKey(n.Node)) Carry(_controller.OnNodeLost(n.Node, Now));
        });
        Command<Tick>(_ =>
        {
            // A sweep that wants room and has none says so again every tick, so a report the registry could not act on
            // at the time (a node it had not heard of yet) is acted on once it can.
            if (_controller!.Wants && _controller.Room.BusySlots >= _controller.Room.TotalSlots) _usage.Repeat();
            Carry(_controller!.OnTick(Now));
            PublishGauge();
        });
        Command<ResumeSweep>(_ => Sender.Tell(new SweepAccepted(_sweepId)));
        Command<TrialEvaluated>(a => Answered(OncePerSweepKind.Test, a.SweepId, a.ToCore(), a.Node));
        Command<TrialRefitted>(a => Answered(OncePerSweepKind.Refit, a.SweepId, a.ToCore(), a.Node));
        Command<OnceTick>(t => Step(t.Kind));
        Queries();
    }

    /// <summary>
    /// The sweep is over: its best trial is asked about once (tested on the test split, its model stored, refit) when
    /// it owes that; until the outcome is recorded (or given up) its status says so (<see cref="SweepStatus.TestPending"/>,
    /// <see cref="SweepStatus.RefitPending"/>).
    /// </summary>
    private void Begin(OncePerSweepKind kind)
    {
        if (_once.ContainsKey(kind)) return;
        var start = OncePerSweepOrder.Begin(kind, _controller!.State, _view!, _controller.PlanOf, _settings.TestAnswerWithin,
            _controller.HeartbeatWindow, Now);
        if (start?.Record is { } cannot) Record(kind, cannot, null);
        if (start?.Order is not { } order) return;
        _once[kind] = order;
        Timers.StartPeriodicTimer(kind, new OnceTick(kind), _settings.TickInterval);
        Step(kind);
    }

    private void Step(OncePerSweepKind kind)
    {
        if (_once.GetValueOrDefault(kind) is not { Done: false } order) return;
        var step = order.Next(Now, _controller!.NodeFor(order.Trial));
        if (step.SendTo is { } node)
        {
            _log.Info("sweep {0}: {1} on {2} (try {3} of {4})", _sweepId, order.Work.Doing, node, order.Tries, order.MaxTries);
            _trials.Tell(OncePerSweepMessages.Order(_sweepId, order.Work, node, Self));
        }
        if (step.Record is { } gaveUp) Record(kind, gaveUp, null);
    }

    private void Answered(OncePerSweepKind kind, string sweepId, object answer, string node)
    {
        if (sweepId == _sweepId && _once.GetValueOrDefault(kind)?.OnAnswer(answer) is { } recorded) Record(kind, recorded, node);
    }

    private void Record(OncePerSweepKind kind, object recorded, string? node)
    {
        Timers.Cancel(kind);
        foreach (var line in OncePerSweepOrder.Outcome(recorded, node, _view!.HasTestSplit))
        {
            if (line.Warning) _log.Warning("sweep {0}: {1}", _sweepId, line.Text);
            else _log.Info("sweep {0}: {1}", _sweepId, line.Text);
        }
        Carry(new SweepEffects(), [recorded]);
        PublishGauge();
    }

    /// <summary>What a sweep answers whether it dispatches or is held: its state, trials and best; a cancellation.</summary>
    private void Queries()
    {
        Command<CancelSweep>(_ =>
        {
            var sender = Sender;
            Carry(_controller!.Cancel(Now), after: () => sender.Tell(Status(10)));
        });
        Command<GetSweep>(q => ReplyWhenWritten(Status(q.Leaderboard)));
        Command<ListSweepsItem>(_ => ReplyWhenWritten(Status(0)));
        Command<GetTrial>(q => ReplyWhenWritten((object?)_view!.Trial(_controller!.State, q.Trial) ?? new TrialNotFound(_sweepId, q.Trial)));
        Command<GetBestTrial>(_ => ReplyWhenWritten(SweepAnswers.BestTrial(_sweepId, _controller!, _view!)));
        Command<StartSweep>(s => Sender.Tell(new SweepRejected($"sweep {s.Created.SweepId} exists already", [])));
    }

    private void Broken()
    {
        Command<ISweepRequest>(_ => Sender.Tell(SweepAnswers.Broken(_sweepId, _created, _broken)));
        Command<ListSweepsItem>(_ => Sender.Tell(SweepAnswers.Broken(_sweepId, _created, _broken)));
        CommandAny(_ => { });
    }

    /// <summary>
    /// Answers with what the sweep has decided so far, once those decisions are in the journal: a client never
    /// sees a state (a finished sweep, a trial's epoch) that a crash could still take back.
    /// </summary>
    private void ReplyWhenWritten(object reply)
    {
        var sender = Sender;
        Carry(new SweepEffects(), after: () => sender.Tell(reply));
    }

    private SweepStatus Status(int leaderboard) =>
        _view!.Status(_controller!.State, _controller.Room.TotalSlots, _controller.Room.BusySlots, leaderboard, _controller.Queued);

    /// <summary>Queues the effects: their events are written with the current batch, then their orders are sent.</summary>
    private void Carry(SweepEffects effects, IReadOnlyList<object>? extraEvents = null, Action? after = null)
    {
        foreach (var s in effects.Silent)
            _log.Warning("sweep {0}: trial {1}'s dispatch {2} to {3} is lost ({4}; silent for {5:F0} s): dispatching it again",
                _sweepId, s.Trial, s.Dispatch, s.Node, s.Why, s.SilentFor.TotalSeconds);
        foreach (var e in effects.Events) _view!.Apply(e, Now);
        if (extraEvents is not null) foreach (var e in extraEvents) _view!.Apply(e, Now);
        ReportUsage();
        if (effects.IsEmpty && extraEvents is null && after is null) return;
        var events = new List<object>(effects.Events);
        if (extraEvents is not null) events.AddRange(extraEvents);
        if (_controller!.Decider.Draws - _sampledAt >= SamplerCheckpointEvery && _controller.Decider.SamplerPosition() is { } position)
        {
            events.Add(new SamplerCheckpointed(position.Draws, position.State));
            _sampledAt = position.Draws;
        }
        _writes.Add(events, effects, after);
    }

    private void Execute(WriteBatch batch)
    {
        bool finished = false;
        foreach (var effects in batch.Effects)
        {
            foreach (var d in effects.Dispatches)
                _trials.Tell(new TrainTrial(_sweepId, d.Trial, d.Dispatch, d.Node, d.Plan, d.FromEpoch, d.ToEpoch, Self));
            foreach (var r in effects.Releases)
                _trials.Tell(new ReleaseTrial(_sweepId, r.Trial, r.Node));
            finished |= effects.Finished;
        }
        foreach (var after in batch.After) after();
        if (finished) OnFinished();
    }

    private void OnFinished()
    {
        Timers.Cancel("tick");
        var state = _controller!.State;
        // First (the entity keeps the order of our messages): the best trial's model is evaluated before any release drops it.
        Begin(OncePerSweepKind.Test);
        Begin(OncePerSweepKind.Refit);
        // Paused trials that will never be promoted: their models can leave the workers' memory.
        foreach (var trial in state.Trials)
        {
            if (trial.StopReason is StopReason.SweepFinished or StopReason.Cancelled or StopReason.StorageFailed && _controller.LastNodeOf(trial.Id) is { } node)
                _trials.Tell(new ReleaseTrial(_sweepId, trial.Id, node));
        }
        _log.Info("sweep {0} finished ({1}): {2} trials, best trial {3} objective {4}; journal: {5}", _sweepId, state.FinishReason,
            state.TrialCount, state.BestTrial, state.BestObjective, _writes.Statistics);
        PublishGauge();
        Context.Parent.Tell(new SweepEnded(_sweepId));
    }

    private void ReportUsage()
    {
        if (_controller is not null && _usage.Changed(_controller, active: !_controller.State.IsFinished && !IsHeld) is { } usage)
            Context.Parent.Tell(usage);
    }

    private bool IsHeld { get; set; }

    private void PublishGauge()
    {
        if (_settings.Metrics is { } metrics) metrics.Publish(new SweepGauge(Status(0), _view!.TrialsWithIssue()));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "sweep {0}: the journal refused a write (sequence {1}); stopping, to recover from the journal", _sweepId, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
