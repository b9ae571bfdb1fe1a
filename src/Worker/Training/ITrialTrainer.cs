using Hpo.Protocol;

namespace Hpo.Worker.Training;

/// <summary>What trains a rung for a trial entity: the real <see cref="TrialTrainer"/> or a simulated one.</summary>
public interface ITrialTrainer
{
    /// <summary>This node's id, written into every report.</summary>
    string Node { get; }

    /// <summary>
    /// Trains the rung. <paramref name="report"/> gets each <see cref="EpochReport"/> on the training thread.
    /// Cancellation throws <see cref="OperationCanceledException"/>; <paramref name="handBack"/> (the node is leaving)
    /// stops at the end of the epoch training now, stores the model there and answers a handed-back
    /// <see cref="TrainingFailed"/>.
    /// </summary>
    Task<RungOutcome> TrainAsync(TrainTrial command, TrialModel? memory, Action<EpochReport> report,
        CancellationToken cancellation = default, CancellationToken handBack = default);

    /// <summary>
    /// The test-split figures of the trial's model at <see cref="EvaluateTrial.Epoch"/> (see <see cref="EvaluateTrial"/>),
    /// with <paramref name="memory"/> when it is that model. Never throws but for cancellation: a problem is the answer's error.
    /// </summary>
    Task<TrialEvaluated> EvaluateAsync(EvaluateTrial command, TrialModel? memory, CancellationToken cancellation = default);

    /// <summary>
    /// The refit of a configuration on training + validation (see <see cref="RefitTrial"/>), its model stored and its
    /// test-split figures answered. Never throws but for cancellation: a problem is the answer's error.
    /// </summary>
    Task<TrialRefitted> RefitAsync(RefitTrial command, CancellationToken cancellation = default);
}
