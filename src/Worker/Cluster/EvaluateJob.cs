using Akka.Event;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>Evaluates the model on the test split; the model stays in memory for what follows.</summary>
internal sealed class EvaluateJob(EvaluateTrial command, WorkerRuntime runtime, ILoggingAdapter log, string trial)
    : TrialJob(command, command.ReplyTo, runtime, log, trial)
{
    public override int Order => 1;

    protected override Task<object> RunAsync(TrialModel? model, CancellationToken token) =>
        TimedAsync(command.SweepId, async () => await Runtime.Trainer.EvaluateAsync(command, model, token));

    protected override void LogCrash(Exception error) =>
        Log.Error(error, "Trial {0}: the evaluation on the test split crashed", Trial);

    protected override IProtocolMessage Failure(string error) =>
        new TrialEvaluated(command.SweepId, command.TrialId, command.Epoch, null, error, Runtime.Node);
}
