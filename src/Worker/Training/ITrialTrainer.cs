using Hpo.Worker.Protocol;

namespace Hpo.Worker.Training;

/// <summary>What trains a rung for a trial entity: the real <see cref="TrialTrainer"/> or a simulated one.</summary>
public interface ITrialTrainer
{
    /// <summary>This node's id, written into every report.</summary>
    string Node { get; }

    /// <summary>
    /// Trains the rung. <paramref name="report"/> gets each <see cref="EpochReport"/> on the training thread.
    /// Cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<RungOutcome> TrainAsync(TrainTrial command, TrialSession? memory, Action<EpochReport> report,
        CancellationToken cancellation = default);
}
