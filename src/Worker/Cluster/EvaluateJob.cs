using Akka.Actor;
using Akka.Event;
using Hpo.Worker.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>Evaluates the model on the test split; the model stays in memory for what follows.</summary>
internal sealed class EvaluateJob(EvaluateTrial command, WorkerRuntime runtime, ILoggingAdapter log, string trial)
    : TrialJob(runtime, log, trial)
{
    public override ITrialMessage Command => command;

    public override int Order => 1;

    protected override Task<object> RunAsync(TrialSession? model, CancellationToken token) =>
        TimedAsync(command.SweepId, async () => await Runtime.Trainer.EvaluateAsync(command, model, token));

    protected override TrialSession? Succeeded(object result, TrialSession? model)
    {
        command.ReplyTo.Tell(result);
        return model;
    }

    protected override TrialSession? Failed(Exception error, TrialSession? model)
    {
        if (error is not OperationCanceledException)
        {
            var c = command;
            Log.Error(error, "Trial {0}: the evaluation on the test split crashed", Trial);
            c.ReplyTo.Tell(new TrialEvaluated(c.SweepId, c.TrialId, c.Epoch, null, $"{error.GetType().Name}: {error.Message}", Runtime.Node));
        }
        return model;
    }
}
