using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Hpo.Worker.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>
/// One trial on this node, in the trial shard region. Thin: it hands each <see cref="TrainTrial"/> to the node's
/// <see cref="TrialTrainer"/> in a training slot (off the actor's thread), relays the reports, keeps the model
/// for the next rung and lets it go when idle too long, when the node needs the room, or on
/// <see cref="ReleaseTrial"/>. One rung at a time: a newer dispatch that arrives meanwhile waits for the
/// current rung and continues from where it ended.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "An actor ends in PostStop, which cancels a running rung; the rung's token source is disposed when its result arrives.")]
public sealed class TrialEntity : ReceiveActor
{
    private readonly WorkerRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TrialSession? _model;
    private TrainTrial? _current;
    private TrainTrial? _next;
    private CancellationTokenSource? _cancel;
    private EvaluateTrial? _evaluating;
    private EvaluateTrial? _nextEvaluation;
    private CancellationTokenSource? _evaluationCancel;
    private RefitTrial? _refitting;
    private RefitTrial? _nextRefit;
    private CancellationTokenSource? _refitCancel;
    private bool _releasing;
    private bool _passivating;

    public TrialEntity(WorkerRuntime runtime)
    {
        _runtime = runtime;
        Receive<TrainTrial>(OnTrain);
        Receive<ReleaseTrial>(_ => Release());
        Receive<EvaluateTrial>(OnEvaluate);
        Receive<EvaluationDone>(OnEvaluationDone);
        Receive<RefitTrial>(OnRefit);
        Receive<RefitDone>(OnRefitDone);
        Receive<RungDone>(OnRungDone);
        Receive<RungCrashed>(OnRungCrashed);
        Receive<ReceiveTimeout>(_ => PassivateWhenIdle());
        Receive<DropModel>(_ => PassivateWhenIdle());
        Receive<HandOff>(_ => Context.Stop(Self));
    }

    public static Props Props(WorkerRuntime runtime) => Akka.Actor.Props.Create(() => new TrialEntity(runtime));

    /// <summary>The message the shard stops entities with (hand-off, passivation): a running rung is cancelled.</summary>
    public sealed class HandOff
    {
        public static readonly HandOff Instance = new();

        private HandOff()
        {
        }
    }

    /// <summary>The node needs the room: drop the model when idle.</summary>
    internal sealed class DropModel
    {
        public static readonly DropModel Instance = new();

        private DropModel()
        {
        }
    }

    private sealed record RungDone(RungOutcome Outcome, TrainTrial Command);

    private sealed record RungCrashed(Exception Error, TrainTrial Command);

    private sealed record EvaluationDone(TrialEvaluated? Answer, Exception? Error, EvaluateTrial Command, TrialSession? Model);

    private sealed record RefitDone(TrialRefitted? Answer, Exception? Error, RefitTrial Command);

    /// <summary>Busy: a rung trains, the model is being evaluated or the configuration refit.</summary>
    private bool Busy => _current is not null || _evaluating is not null || _refitting is not null;

    private void OnTrain(TrainTrial command)
    {
        if (_passivating)
        {
            // It reached us after we asked the shard to stop us, so the shard did not buffer it and the stop
            // message will follow: through the region it is buffered and served by this trial's next incarnation.
            ClusterSharding.Get(Context.System).ShardRegion(TrialRegion.TypeName).Forward(command);
            return;
        }
        if (!Busy)
        {
            _runtime.Dispatches.Hold(command);
            Start(command);
        }
        else if (_current is null || (command.Dispatch > _current.Dispatch && (_next is null || command.Dispatch > _next.Dispatch)))
        {
            _log.Info("Trial {0}: dispatch {1} waits for {2} to end", Self.Path.Name, command.Dispatch,
                _current is null ? "an evaluation or a refit" : $"dispatch {_current.Dispatch} (epochs {_current.FromEpoch}..{_current.ToEpoch})");
            if (_next is not null) _runtime.Dispatches.Drop(_next);
            _next = command;
            _runtime.Dispatches.Hold(command);
        }
        else
        {
            _log.Debug("Trial {0}: dispatch {1} is already being served", Self.Path.Name, command.Dispatch);
        }
    }

    /// <summary>
    /// Evaluates the model on the test split in a training slot (never on this thread), after the rung that trains
    /// now, if any; the model stays in memory for what follows.
    /// </summary>
    private void OnEvaluate(EvaluateTrial command)
    {
        if (_passivating)
        {
            ClusterSharding.Get(Context.System).ShardRegion(TrialRegion.TypeName).Forward(command);
            return;
        }
        if (Busy)
        {
            _nextEvaluation = command;
            return;
        }
        StartEvaluation(command);
    }

    private void StartEvaluation(EvaluateTrial command)
    {
        _evaluating = command;
        _runtime.IdleModels.Forget(Self);
        Context.SetReceiveTimeout(null);
        var model = _model;
        _model = null;
        _evaluationCancel = new CancellationTokenSource();
        var trainer = _runtime.Trainer;
        var metrics = _runtime.Metrics;
        _runtime.Slots
            .RunAsync(async token =>
            {
                long began = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    return await trainer.EvaluateAsync(command, model, token);
                }
                finally
                {
                    metrics.OnSlotTime(command.SweepId, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalSeconds);
                }
            }, _evaluationCancel.Token)
            .PipeTo(Self, success: answer => new EvaluationDone(answer, null, command, model),
                failure: error => new EvaluationDone(null, error, command, model));
    }

    private void OnEvaluationDone(EvaluationDone done)
    {
        var c = done.Command;
        var error = done.Error is AggregateException a ? a.Flatten().InnerException ?? a : done.Error;
        if (error is null) c.ReplyTo.Tell(done.Answer);
        else if (error is not OperationCanceledException)
        {
            _log.Error(error, "Trial {0}: the evaluation on the test split crashed", Self.Path.Name);
            c.ReplyTo.Tell(new TrialEvaluated(c.SweepId, c.TrialId, c.Epoch, null, $"{error.GetType().Name}: {error.Message}", _runtime.Node));
        }
        _evaluating = null;
        _evaluationCancel?.Dispose();
        _evaluationCancel = null;
        // Released meanwhile: the model goes; else it is kept as before the evaluation.
        _model = _releasing ? null : done.Model;
        Continue();
    }

    /// <summary>
    /// Refits the trial's configuration in a training slot, after what runs now; the model in memory is not used
    /// and stays. An order sent again while the refit runs (its answer was slow) is not started twice.
    /// </summary>
    private void OnRefit(RefitTrial command)
    {
        if (_passivating)
        {
            ClusterSharding.Get(Context.System).ShardRegion(TrialRegion.TypeName).Forward(command);
            return;
        }
        if (_refitting is not null) return;
        if (Busy)
        {
            _nextRefit = command;
            return;
        }
        StartRefit(command);
    }

    private void StartRefit(RefitTrial command)
    {
        _refitting = command;
        _runtime.IdleModels.Forget(Self);
        Context.SetReceiveTimeout(null);
        _refitCancel = new CancellationTokenSource();
        var trainer = _runtime.Trainer;
        _runtime.Slots
            .RunAsync(token => trainer.RefitAsync(command, token), _refitCancel.Token)
            .PipeTo(Self, success: answer => new RefitDone(answer, null, command),
                failure: error => new RefitDone(null, error, command));
    }

    private void OnRefitDone(RefitDone done)
    {
        var c = done.Command;
        var error = done.Error is AggregateException a ? a.Flatten().InnerException ?? a : done.Error;
        if (error is null) c.ReplyTo.Tell(done.Answer);
        else if (error is not OperationCanceledException)
        {
            _log.Error(error, "Trial {0}: the refit crashed", Self.Path.Name);
            c.ReplyTo.Tell(new TrialRefitted(c.SweepId, c.TrialId, c.Epochs, 0, null, $"{error.GetType().Name}: {error.Message}", _runtime.Node));
        }
        _refitting = null;
        _refitCancel?.Dispose();
        _refitCancel = null;
        Continue();
    }

    private void Start(TrainTrial command)
    {
        _current = command;
        _releasing = false;
        _runtime.IdleModels.Forget(Self);
        Context.SetReceiveTimeout(null);
        var model = _model;
        _model = null;
        _cancel = new CancellationTokenSource();
        var trainer = _runtime.Trainer;
        var book = _runtime.Dispatches;
        var replyTo = command.ReplyTo;
        var metrics = _runtime.Metrics;
        var leaving = _runtime.Leaving;
        var node = _runtime.Node;
        _runtime.Slots
            .RunAsync(async token =>
            {
                // A rung that got its slot once the node began to leave goes back untouched, to train elsewhere.
                if (leaving.IsCancellationRequested)
                    return new RungOutcome(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch,
                        "handed back before it started: its node is leaving", node, Retryable: true, HandedBack: true), model);
                book.MarkStarted(command);
                long began = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    return await trainer.TrainAsync(command, model, report =>
                    {
                        metrics.OnEpoch(report);
                        replyTo.Tell(report);
                    }, token, leaving);
                }
                finally
                {
                    metrics.OnSlotTime(command.SweepId, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalSeconds);
                }
            }, _cancel.Token)
            .PipeTo(Self, success: outcome => new RungDone(outcome, command), failure: error => new RungCrashed(error, command));
    }

    private void OnRungDone(RungDone done)
    {
        if (done.Outcome.Reply is TrainingFailed { HandedBack: true }) _runtime.CountHandedBack();
        _runtime.Dispatches.Drop(done.Command);
        _runtime.Metrics.OnRungEnded(done.Command.SweepId, done.Command.TrialId);
        done.Command.ReplyTo.Tell(done.Outcome.Reply);
        _model = done.Outcome.Session;
        Continue();
    }

    private void OnRungCrashed(RungCrashed crashed)
    {
        _runtime.Dispatches.Drop(crashed.Command);
        _runtime.Metrics.OnRungEnded(crashed.Command.SweepId, crashed.Command.TrialId);
        var error = crashed.Error is AggregateException a ? a.Flatten().InnerException ?? a : crashed.Error;
        if (error is not OperationCanceledException)
        {
            _log.Error(error, "Trial {0}: dispatch {1} crashed", Self.Path.Name, crashed.Command.Dispatch);
            var c = crashed.Command;
            c.ReplyTo.Tell(new TrainingFailed(c.SweepId, c.TrialId, c.Dispatch, $"{error.GetType().Name}: {error.Message}", _runtime.Node, Retryable: true));
        }
        _model = null;
        Continue();
    }

    private void Continue()
    {
        _current = null;
        _cancel?.Dispose();
        _cancel = null;
        if (_releasing)
        {
            _releasing = false;
            _model = null;
        }
        if (_next is { } next)
        {
            _next = null;
            Start(next);
        }
        else if (_nextEvaluation is { } evaluation)
        {
            _nextEvaluation = null;
            StartEvaluation(evaluation);
        }
        else if (_nextRefit is { } refit)
        {
            _nextRefit = null;
            StartRefit(refit);
        }
        else if (_model is null)
        {
            Passivate();
        }
        else
        {
            foreach (var other in _runtime.IdleModels.Keep(Self)) other.Tell(DropModel.Instance);
            Context.SetReceiveTimeout(_runtime.Options.KeepModelsFor);
        }
    }

    private void Release()
    {
        if (_next is not null) _runtime.Dispatches.Drop(_next);
        _next = null;
        _model = null;
        _runtime.IdleModels.Forget(Self);
        if (!Busy)
        {
            Passivate();
            return;
        }
        // A running rung is cancelled; a running evaluation ends and answers, then the model goes.
        _releasing = true;
        _cancel?.Cancel();
    }

    private void PassivateWhenIdle()
    {
        if (!Busy) Passivate();
    }

    private void Passivate()
    {
        if (_passivating) return;
        _passivating = true;
        Context.SetReceiveTimeout(null);
        _runtime.IdleModels.Forget(Self);
        Context.Parent.Tell(new Passivate(HandOff.Instance));
    }

    protected override void PostStop()
    {
        if (_current is not null) _runtime.Dispatches.Drop(_current);
        if (_next is not null) _runtime.Dispatches.Drop(_next);
        _cancel?.Cancel();
        _evaluationCancel?.Cancel();
        _refitCancel?.Cancel();
        _runtime.IdleModels.Forget(Self);
        base.PostStop();
    }
}
