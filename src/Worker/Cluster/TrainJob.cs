using Akka.Actor;
using Akka.Event;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>
/// A rung: trains the trial from the model in memory, relaying its epoch reports. The node's dispatch book holds it
/// from when the entity takes it until it ends or is given up.
/// </summary>
internal sealed class TrainJob(TrainTrial command, WorkerRuntime runtime, ILoggingAdapter log, string trial)
    : TrialJob(command, command.ReplyTo, runtime, log, trial)
{
    public TrainTrial Rung { get; } = command;

    public override int Order => 0;

    public override bool EndsOnRelease => true;

    /// <summary>Behind an evaluation or a refit any dispatch waits; behind a rung only a newer one than it and than the one waiting.</summary>
    public override bool Waits(TrialJob running, TrialJob? waiting) =>
        running is not TrainJob current
        || (Rung.Dispatch > current.Rung.Dispatch && (waiting is not TrainJob next || Rung.Dispatch > next.Rung.Dispatch));

    public override void Accepted() => Runtime.Dispatches.Hold(Rung);

    public override void Queued(TrialJob running) =>
        Log.Info("Trial {0}: dispatch {1} waits for {2} to end", Trial, Rung.Dispatch, running is TrainJob current
            ? $"dispatch {current.Rung.Dispatch} (epochs {current.Rung.FromEpoch}..{current.Rung.ToEpoch})"
            : "an evaluation or a refit");

    public override void Ignored() => Log.Debug("Trial {0}: dispatch {1} is already being served", Trial, Rung.Dispatch);

    public override void Dropped() => Runtime.Dispatches.Drop(Rung);

    protected override async Task<object> RunAsync(TrialModel? model, CancellationToken token)
    {
        var command = Rung;
        // A rung that got its slot once the node began to leave goes back untouched, to train elsewhere.
        if (Runtime.Leaving.IsCancellationRequested)
            return new RungOutcome(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch,
                "handed back before it started: its node is leaving", Runtime.Node, Retryable: true, HandedBack: true), model);
        Runtime.Dispatches.MarkStarted(command);
        var metrics = Runtime.Metrics;
        return await TimedAsync(command.SweepId, async () => await Runtime.Trainer.TrainAsync(command, model, report =>
        {
            metrics.OnEpoch(report);
            command.ReplyTo.Tell(report);
        }, token, Runtime.Leaving));
    }

    protected override TrialModel? Succeeded(object result, TrialModel? model)
    {
        var outcome = (RungOutcome)result;
        if (outcome.Reply is TrainingFailed { HandedBack: true }) Runtime.CountHandedBack();
        Finished();
        ReplyTo.Tell(outcome.Reply);
        return outcome.Model;
    }

    /// <summary>A crashed rung's model goes: it may be half-trained.</summary>
    protected override TrialModel? Failed(Exception error, TrialModel? model)
    {
        Finished();
        base.Failed(error, model);
        return null;
    }

    protected override void LogCrash(Exception error) => Log.Error(error, "Trial {0}: dispatch {1} crashed", Trial, Rung.Dispatch);

    protected override IProtocolMessage Failure(string error) =>
        new TrainingFailed(Rung.SweepId, Rung.TrialId, Rung.Dispatch, error, Runtime.Node, Retryable: true);

    private void Finished()
    {
        Runtime.Dispatches.Drop(Rung);
        Runtime.Metrics.OnRungEnded(Rung.SweepId, Rung.TrialId);
    }
}
