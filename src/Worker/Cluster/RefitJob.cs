using Akka.Actor;
using Akka.Event;
using Hpo.Worker.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>Refits the trial's configuration from scratch; the model in memory is not used and stays.</summary>
internal sealed class RefitJob(RefitTrial command, WorkerRuntime runtime, ILoggingAdapter log, string trial)
    : TrialJob(runtime, log, trial)
{
    public override ITrialMessage Command => command;

    public override int Order => 2;

    /// <summary>An order sent again while the refit runs (its answer was slow) is not started twice.</summary>
    public override bool Waits(TrialJob running, TrialJob? waiting) => running is not RefitJob;

    protected override async Task<object> RunAsync(TrialSession? model, CancellationToken token) =>
        await Runtime.Trainer.RefitAsync(command, token);

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
            Log.Error(error, "Trial {0}: the refit crashed", Trial);
            c.ReplyTo.Tell(new TrialRefitted(c.SweepId, c.TrialId, c.Epochs, 0, null, $"{error.GetType().Name}: {error.Message}", Runtime.Node));
        }
        return model;
    }
}
