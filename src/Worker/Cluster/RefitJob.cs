using Akka.Event;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>Refits the trial's configuration from scratch; the model in memory is not used and stays.</summary>
internal sealed class RefitJob(RefitTrial command, WorkerRuntime runtime, ILoggingAdapter log, string trial)
    : TrialJob(command, command.ReplyTo, runtime, log, trial)
{
    public override int Order => 2;

    /// <summary>An order sent again while the refit runs (its answer was slow) is not started twice.</summary>
    public override bool Waits(TrialJob running, TrialJob? waiting) => running is not RefitJob;

    protected override async Task<object> RunAsync(TrialModel? model, CancellationToken token) =>
        await Runtime.Trainer.RefitAsync(command, token);

    protected override void LogCrash(Exception error) => Log.Error(error, "Trial {0}: the refit crashed", Trial);

    protected override IProtocolMessage Failure(string error) =>
        new TrialRefitted(command.SweepId, command.TrialId, command.Epochs, 0, null, error, Runtime.Node);
}
