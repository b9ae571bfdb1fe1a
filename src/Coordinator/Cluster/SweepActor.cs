using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Hpo.Coordinator.Telemetry;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Cluster;

/// <summary>
/// One sweep, persistent (id <c>sweep-{id}</c>): a thin shell around <see cref="SweepController"/>. Every input goes to the
/// controller; the events of its effects are written (inputs arriving meanwhile are gathered into the next write, and a write
/// of several events is one journal row, a <see cref="SweepEventBatch"/>) and only once written are the orders sent and the
/// replies given. On recovery the journal rebuilds the decider (the sampler restored from its last
/// <see cref="SamplerCheckpointed"/>, the draws after it made again), then the running trials are dispatched again from their
/// checkpoints. No Akka snapshots of the state: replaying the events is cheap (a 20,000-trial sweep of 170,000 events in
/// about 2 s), and a snapshot would need every scheduler's and the view's state in a second, versioned format; the
/// sampler, the one costly part of a replay, is checkpointed instead.
/// </summary>
public sealed class SweepActor : ReceivePersistentActor, IWithTimers
{
    private readonly string _sweepId;
    private readonly IActorRef _trials;
    private readonly SweepActorOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RecoveredJournal _recovered = new();
    private bool _resuming;
    private bool _held;
    private readonly long _createdAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private SweepCreated? _created;
    private SweepController? _controller;
    private SweepView? _view;
    private SweepQueries? _queries;
    private string? _broken;
    private readonly WriteBatcher _writes;
    private SamplerCheckpoints? _checkpoints;
    private readonly OncePerSweepOrders _once;
    private readonly SweepUsageReporter _usage;

    private sealed record Tick;

    /// <summary>Time to step the once-per-sweep order of this kind.</summary>
    private sealed record OnceTick(OncePerSweepKind Kind);

    public SweepActor(string sweepId, IActorRef trials, SweepActorOptions options)
    {
        _sweepId = sweepId;
        _trials = trials;
        _options = options;
        _usage = new SweepUsageReporter(sweepId);
        _once = new OncePerSweepOrders(options.TestAnswerWithin);
        _writes = new WriteBatcher((row, done) => PersistAsync(row, _ => done()), Execute, () => Now,
            (events, took) => _options.Metrics?.JournalWritten(_sweepId, events, took));

        Recover<SweepCreated>(c => _created = c);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_created is null) Become(Uninitialised);
            else Start(_created, _recovered.Events, times: _recovered.Times);
            _recovered = new RecoveredJournal();
        });
        Recover<object>(row => _recovered.AddRow(row));
    }

    public static Props Props(string sweepId, IActorRef trials, SweepActorOptions options) =>
        Akka.Actor.Props.Create(() => new SweepActor(sweepId, trials, options));

    public static string PersistenceIdOf(string sweepId) => "sweep-" + sweepId;

    public override string PersistenceId => PersistenceIdOf(_sweepId);

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

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
        Command<object>(_ => Stash.Stash(), m => m is NodeCapacity or NodeLost or SlotShare);
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
            (_controller, _view) = SweepReplay.Of(created, spec, journal, times, _options.Heartbeat, firstDispatch: Now.UtcTicks);
            _queries = new SweepQueries(_sweepId, _controller, _view);
            _checkpoints = new SamplerCheckpoints(_controller.Decider);
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
        _held = _options.StartHeld && journal.Count > 0 && !_controller.State.IsFinished;
        _resuming = journal.Count > 0 && _controller.State.StartedAt is not null && !_controller.State.IsFinished;
        Become(_held ? Held : Active);
        Stash.UnstashAll();
        PublishGauge();
        if (!_held && !_controller.State.IsFinished) Dispatch();
        if (!_held && _controller.State.IsFinished)
        {
            // It ended before its refit, or its best trial's test figures, were recorded.
            Begin(OncePerSweepKind.Refit);
            Begin(OncePerSweepKind.Test);
        }
        if (_controller.State.IsFinished) Context.Parent.Tell(new SweepEnded(_sweepId)); // it shares no slots
    }

    private void Dispatch()
    {
        Timers.StartPeriodicTimer("tick", new Tick(), _options.TickInterval);
        // A recovered sweep marks where its downtime ended: its running time and its time budget leave the gap out.
        (bool recovered, _resuming) = (_resuming, false);
        Carry(_controller!.Resume(Now, recovered, _view!.Running));
    }

    /// <summary>
    /// Recovered and unfinished, not dispatching: it answers queries and acknowledges its shares. Its room comes from
    /// the first share after it resumes (it then wants room), not from the nodes' announcements meanwhile.
    /// </summary>
    private void Held()
    {
        Command<ResumeSweep>(_ =>
        {
            _log.Info("sweep {0} resumes", _sweepId);
            _held = false;
            Become(Active);
            Dispatch();
            Sender.Tell(new SweepAccepted(_sweepId));
        });
        Command<SlotShare>(share =>
        {
            _usage.Share = share;
            ReportUsage(); // it wants nothing while held
        });
        Queries();
        CommandAny(_ => { });
    }

    private void Active()
    {
        Command<EpochReport>(r =>
        {
            if (r.SweepId != _sweepId) return;
            var effects = _controller!.OnEpochReport(r.ToCore(), Now);
            Carry(effects, r.IssuesRecordedBy(effects) is { } issues ? [issues] : null);
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
            if (NodeAnnouncement.Effects(_controller!, _sweepId, n, Now) is { } effects) Carry(effects);
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
            _usage.RepeatWhenStarved(_controller!);
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
        if (_once.Begin(kind, _controller!, _view!, Now) is not { } start) return;
        if (start.Record is { } cannot) Record(kind, cannot, null);
        if (start.Order is null) return;
        Timers.StartPeriodicTimer(kind, new OnceTick(kind), _options.TickInterval);
        Step(kind);
    }

    private void Step(OncePerSweepKind kind)
    {
        if (_once.Pending(kind) is not { } order) return;
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
        if (sweepId == _sweepId && _once.OnAnswer(kind, answer) is { } recorded) Record(kind, recorded, node);
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
            Carry(_controller!.Cancel(Now), after: () => sender.Tell(_queries!.Status(10)));
        });
        Command<GetSweep>(Answer);
        Command<ListSweepsItem>(Answer);
        Command<GetTrial>(Answer);
        Command<GetBestTrial>(Answer);
        Command<StartSweep>(s => Sender.Tell(new SweepRejected($"sweep {s.Created.SweepId} exists already", [])));
    }

    private void Broken()
    {
        Command<object>(_ => Sender.Tell(SweepQueries.Broken(_sweepId, _created, _broken)), m => m is ISweepRequest or ListSweepsItem);
        CommandAny(_ => { });
    }

    /// <summary>
    /// Answers with what the sweep has decided so far, once those decisions are in the journal: a client never
    /// sees a state (a finished sweep, a trial's epoch) that a crash could still take back.
    /// </summary>
    private void Answer(object query)
    {
        var sender = Sender;
        var reply = _queries!.Answer(query);
        Carry(new SweepEffects(), after: () => sender.Tell(reply));
    }

    /// <summary>Queues the effects: their events are written with the current batch, then their orders are sent.</summary>
    private void Carry(SweepEffects effects, IReadOnlyList<object>? extraEvents = null, Action? after = null)
    {
        foreach (var s in effects.Silent)
            _log.Warning("sweep {0}: trial {1}'s dispatch {2} to {3} is lost ({4}; silent for {5:F0} s): dispatching it again",
                _sweepId, s.Trial, s.Dispatch, s.Node, s.Why, s.SilentFor.TotalSeconds);
        var events = new List<object>(effects.Events);
        if (extraEvents is not null) events.AddRange(extraEvents);
        foreach (var e in events) _view!.Apply(e, Now);
        ReportUsage();
        if (effects.IsEmpty && extraEvents is null && after is null) return;
        if (_checkpoints!.Due() is { } checkpoint) events.Add(checkpoint);
        _writes.Add(events, effects, after);
    }

    private void Execute(WriteBatch batch)
    {
        bool finished = false;
        foreach (var effects in batch.Effects)
        {
            foreach (var d in effects.Dispatches) _trials.Tell(new TrainTrial(_sweepId, d.Trial, d.Dispatch, d.Node, d.Plan, d.FromEpoch, d.ToEpoch, Self));
            foreach (var r in effects.Releases) _trials.Tell(new ReleaseTrial(_sweepId, r.Trial, r.Node));
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
        foreach (var r in ParkedTrials.Releases(_controller)) _trials.Tell(new ReleaseTrial(_sweepId, r.Trial, r.Node));
        _log.Info("sweep {0} finished ({1}): {2} trials, best trial {3} objective {4}; journal: {5}", _sweepId, state.FinishReason,
            state.TrialCount, state.BestTrial, state.BestObjective, _writes.Statistics);
        PublishGauge();
        Context.Parent.Tell(new SweepEnded(_sweepId));
    }

    private void ReportUsage()
    {
        if (_controller is not null && _usage.Changed(_controller, active: !_controller.State.IsFinished && !_held) is { } usage)
            Context.Parent.Tell(usage);
    }

    private void PublishGauge()
    {
        if (_options.Metrics is { } metrics) metrics.Publish(new SweepGauge(_queries!.Status(0), _view!.TrialsWithIssue()));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "sweep {0}: the journal refused a write (sequence {1}); stopping, to recover from the journal", _sweepId, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
