using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>
/// One trial on this node, in the trial shard region. Thin: it runs each job (a <see cref="TrainTrial"/> rung on the
/// node's <see cref="TrialTrainer"/>, an <see cref="EvaluateTrial"/>, a <see cref="RefitTrial"/>) in a training slot
/// (off the actor's thread), one at a time in its <see cref="TrialJobSlot"/>, keeps the model for the next rung and
/// lets it go when idle too long, when the node needs the room, or on <see cref="ReleaseTrial"/>. A newer dispatch
/// that arrives meanwhile waits for the current job and continues from where it ended.
/// </summary>
public sealed class TrialEntity : ReceiveActor
{
    private readonly WorkerRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TrialJobSlot _slot = new();
    private TrialModel? _model;
    private bool _releasing;
    private bool _passivating;

    public TrialEntity(WorkerRuntime runtime)
    {
        _runtime = runtime;
        Receive<TrainTrial>(command => Offer(new TrainJob(command, _runtime, _log, Self.Path.Name)));
        Receive<EvaluateTrial>(command => Offer(new EvaluateJob(command, _runtime, _log, Self.Path.Name)));
        Receive<RefitTrial>(command => Offer(new RefitJob(command, _runtime, _log, Self.Path.Name)));
        Receive<JobDone>(OnJobDone);
        Receive<ReleaseTrial>(_ => Release());
        Receive<ReceiveTimeout>(_ => PassivateWhenIdle());
        Receive<DropModel>(_ => PassivateWhenIdle());
        Receive<HandOff>(_ => Context.Stop(Self));
    }

    public static Props Props(WorkerRuntime runtime) => Akka.Actor.Props.Create(() => new TrialEntity(runtime));

    /// <summary>The message the shard stops entities with (hand-off, passivation): a running job is cancelled.</summary>
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

    /// <summary>A job ended with <paramref name="Result"/> or <paramref name="Error"/>; it had taken <paramref name="Model"/>.</summary>
    private sealed record JobDone(TrialJob Job, TrialModel? Model, object? Result, Exception? Error);

    private void Offer(TrialJob job)
    {
        if (_passivating)
        {
            // It reached us after we asked the shard to stop us, so the shard did not buffer it and the stop
            // message will follow: through the region it is buffered and served by this trial's next incarnation.
            ClusterSharding.Get(Context.System).ShardRegion(TrialRegion.TypeName).Forward(job.Command);
            return;
        }
        if (!_slot.Busy)
        {
            job.Accepted();
            Start(job);
        }
        else if (_slot.TryQueue(job, out var replaced))
        {
            job.Queued(_slot.Running!);
            replaced?.Dropped();
            job.Accepted();
        }
        else
        {
            job.Ignored();
        }
    }

    private void Start(TrialJob job)
    {
        _slot.Start(job);
        _runtime.IdleModels.Forget(Self);
        Context.SetReceiveTimeout(null);
        var model = _model;
        _model = null;
        job.RunAsync(model).PipeTo(Self, success: result => new JobDone(job, model, result, null),
            failure: error => new JobDone(job, model, null, error));
    }

    private void OnJobDone(JobDone done)
    {
        _model = done.Job.End(done.Result, done.Error, done.Model);
        if (_releasing)
        {
            _releasing = false;
            _model = null;
        }
        if (_slot.End() is { } next)
        {
            Start(next);
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
        // A running rung is cancelled and a waiting one dropped; an evaluation or refit ends and answers, then the model goes.
        foreach (var job in _slot.Release()) job.Dropped();
        _model = null;
        _runtime.IdleModels.Forget(Self);
        if (!_slot.Busy)
        {
            Passivate();
            return;
        }
        _releasing = true;
    }

    private void PassivateWhenIdle()
    {
        if (!_slot.Busy) Passivate();
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
        foreach (var job in _slot.Jobs) job.Dropped();
        _slot.Running?.Cancel();
        _runtime.IdleModels.Forget(Self);
        base.PostStop();
    }
}
