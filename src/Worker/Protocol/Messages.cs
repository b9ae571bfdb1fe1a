using Akka.Actor;

namespace Hpo.Worker.Protocol;

/// <summary>Marks every message of the coordinator–worker protocol (bound to the protocol's own serializer).</summary>
public interface IProtocolMessage;

/// <summary>A message routed to a trial entity: entity id = trial key, shard id = the worker node chosen for it.</summary>
public interface ITrialMessage : IProtocolMessage
{
    string SweepId { get; }
    int TrialId { get; }

    /// <summary>The address of the worker node the coordinator chose (the shard the entity lives in).</summary>
    string Node { get; }
}

/// <summary>
/// Train a trial from <see cref="FromEpoch"/> (0 = from scratch; otherwise continue the model paused there)
/// up to <see cref="ToEpoch"/>. <see cref="Dispatch"/> numbers the coordinator's dispatches of the sweep, so
/// replies to an abandoned dispatch can be told apart.
/// </summary>
public sealed record TrainTrial(string SweepId, int TrialId, long Dispatch, string Node, TrialPlan Plan,
    int FromEpoch, int ToEpoch, IActorRef ReplyTo) : ITrialMessage;

/// <summary>Drop the trial's in-memory model: it was stopped or completed.</summary>
public sealed record ReleaseTrial(string SweepId, int TrialId, string Node) : ITrialMessage;

/// <summary>One training-issue log entry as reported with an epoch.</summary>
public sealed record IssueReport(string Kind, int Epoch, string Evidence, string Advice);

/// <summary>One trained epoch. Metrics hold the epoch's named metrics (loss, val_loss, val_accuracy, ...).</summary>
public sealed record EpochReport(string SweepId, int TrialId, long Dispatch, int Epoch, double? Objective,
    IReadOnlyDictionary<string, double> Metrics, bool Diverged, IReadOnlyList<IssueReport> Issues,
    double SamplesPerSecond, double Seconds, string Node) : IProtocolMessage;

/// <summary>
/// The dispatched epochs are done and a checkpoint at <see cref="Epoch"/> is stored. <see cref="Finished"/>:
/// the trial cannot go on (early stopping, divergence, or its last epoch).
/// </summary>
public sealed record RungCompleted(string SweepId, int TrialId, long Dispatch, int Epoch, bool Finished,
    string? StopReason, string Node) : IProtocolMessage;

/// <summary>Training failed with an error that retrying will not fix (bad data, a bad plan).</summary>
public sealed record TrialFailed(string SweepId, int TrialId, long Dispatch, string Error, string Node) : IProtocolMessage;

/// <summary>A worker node's training capacity, announced when it joins and whenever it changes.</summary>
public sealed record NodeCapacity(string Node, int Slots, int Busy) : IProtocolMessage;
