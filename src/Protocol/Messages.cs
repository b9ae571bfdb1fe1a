using Akka.Actor;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Protocol;

/// <summary>Marks every message of the coordinator–worker protocol (bound to the protocol's own serializer).</summary>
public interface IProtocolMessage;

/// <summary>A message routed to a trial entity: entity id = trial key, shard id = the worker node chosen for it.</summary>
public interface ITrialMessage : IProtocolMessage
{
    string SweepId { get; }
    int TrialId { get; }

    /// <summary>
    /// The worker node the coordinator chose (the shard the entity lives in): a <see cref="NodeCapacity.Node"/>
    /// as announced by that node (see <c>Hpo.Worker.Cluster.WorkerNode</c>).
    /// </summary>
    string Node { get; }
}

/// <summary>
/// Train a trial from <see cref="FromEpoch"/> (0 = from scratch; otherwise continue the model paused there)
/// up to <see cref="ToEpoch"/>. <see cref="Dispatch"/> numbers the coordinator's dispatches of the sweep, so
/// replies to an abandoned dispatch can be told apart. The entity answers <see cref="ReplyTo"/> with an
/// <see cref="EpochReport"/> per epoch in (FromEpoch, ToEpoch], then <see cref="RungCompleted"/> or
/// <see cref="TrainingFailed"/>. A TrainTrial that arrives while the trial trains is kept (the newest dispatch
/// only) and served after the current rung, from where that rung ended.
/// </summary>
public sealed record TrainTrial(string SweepId, int TrialId, long Dispatch, string Node, TrialPlan Plan,
    int FromEpoch, int ToEpoch, IActorRef ReplyTo) : ITrialMessage;

/// <summary>Drop the trial's in-memory model (it was stopped or completed); a running rung is cancelled without a reply.
/// The stored checkpoint stays (the coordinator may export it).</summary>
public sealed record ReleaseTrial(string SweepId, int TrialId, string Node) : ITrialMessage;

/// <summary>
/// Evaluate the trial's model at <see cref="Epoch"/> on the test split of its data (the plan names it), once the
/// sweep is over: with the model the entity keeps in memory when it is at that epoch, else from the stored
/// checkpoint (trained on, without reporting, to that epoch when the checkpoint is behind it). Answered with
/// <see cref="TrialEvaluated"/> to <see cref="ReplyTo"/>; routed like <see cref="TrainTrial"/>.
/// </summary>
public sealed record EvaluateTrial(string SweepId, int TrialId, string Node, TrialPlan Plan, int Epoch, IActorRef ReplyTo)
    : ITrialMessage
{
    /// <summary>
    /// Also store the model at <see cref="Epoch"/> as the sweep's best model (<c>CheckpointKey.BestOf</c>), and
    /// rebuild it for that even when the data has no test split: the winner's objective epoch is not its last.
    /// </summary>
    public bool StoreModel { get; init; }
}

/// <summary>
/// The answer to <see cref="EvaluateTrial"/>: the loss and metrics on the test split of the model at
/// <see cref="Epoch"/> (null with no test split), or why there are none (<see cref="Error"/>).
/// </summary>
public sealed record TrialEvaluated(string SweepId, int TrialId, int Epoch, Evaluation? Test, string? Error, string Node)
    : IProtocolMessage
{
    /// <summary>The model at <see cref="Epoch"/> is stored as the sweep's best model (asked by <see cref="EvaluateTrial.StoreModel"/>).</summary>
    public bool Stored { get; init; }

    /// <summary>Why the model was asked to be stored and is not (null: stored, or not asked).</summary>
    public string? StoreError { get; init; }
}

/// <summary>
/// Once the sweep is over (<c>search.refit: true</c>), train the trial's configuration again from scratch on the
/// training and validation parts of its data together for <see cref="Epochs"/> epochs, evaluate it on the test part
/// (the same rows as in the sweep) and store it under the sweep's refit checkpoint
/// (<c>CheckpointKey.RefitOf</c>). Answered with <see cref="TrialRefitted"/>; routed to the trial's entity like
/// <see cref="EvaluateTrial"/>, whose model it leaves alone.
/// </summary>
public sealed record RefitTrial(string SweepId, int TrialId, string Node, TrialPlan Plan, int Epochs, IActorRef ReplyTo)
    : ITrialMessage;

/// <summary>
/// The answer to <see cref="RefitTrial"/>: the refit model's loss and metrics on the test split after
/// <see cref="Epochs"/> epochs on <see cref="TrainSamples"/> samples, or why there are none (<see cref="Error"/>).
/// </summary>
public sealed record TrialRefitted(string SweepId, int TrialId, int Epochs, int TrainSamples, Evaluation? Test, string? Error, string Node)
    : IProtocolMessage;

/// <summary>
/// One trained epoch: the engine's <see cref="EpochMetrics"/> as measured; <see cref="Objective"/> is the plan's
/// objective metric. Issues are the log entries first seen or seen again in this epoch (the data checks come with
/// epoch 1); the coordinator keys them by kind, so a later entry of a kind updates its occurrences.
/// </summary>
public sealed record EpochReport(string SweepId, int TrialId, long Dispatch, int Epoch, double? Objective,
    EpochMetrics Metrics, IReadOnlyList<TrainingIssue> Issues, string Node) : IProtocolMessage
{
    /// <summary>The objective or a loss became non-finite: the trial diverged.</summary>
    public bool Diverged => Metrics.Diverged;
}

/// <summary>
/// The dispatched epochs are done and a checkpoint at <see cref="Epoch"/> or later is stored. <see cref="Finished"/>:
/// the trial cannot go on (early stopping, divergence, or its last epoch); then <see cref="Epoch"/> may be
/// below the rung's end. <see cref="Node"/> is the node that trained it.
/// </summary>
public sealed record RungCompleted(string SweepId, int TrialId, long Dispatch, int Epoch, bool Finished,
    string? StopReason, string Node) : IProtocolMessage;

/// <summary>
/// Training failed. <see cref="Retryable"/> false: an error that retrying will not fix (bad data, a bad plan, a
/// missing transfer model); true: something went wrong on the node (I/O, an unexpected exception) and another
/// dispatch may succeed. <see cref="HandedBack"/>: nothing failed, the node is leaving (SIGTERM) and stopped the
/// rung at the end of an epoch with the model stored there: it continues elsewhere, not counted as a retry.
/// <see cref="Storage"/>: the checkpoint store failed (retryable); once the retries are spent the sweep stops.
/// </summary>
public sealed record TrainingFailed(string SweepId, int TrialId, long Dispatch, string Error, string Node,
    bool Retryable = false, bool HandedBack = false, bool Storage = false) : IProtocolMessage;

/// <summary>
/// A worker node's training capacity, published on the <c>hpo-capacity</c> topic when the node starts and
/// periodically: its <see cref="Slots"/>, the rungs it accepts beyond them (<see cref="Queue"/>, waiting for a
/// slot), <see cref="Busy"/> rungs running or waiting, and the dispatches it <see cref="Held"/> when it announced
/// (null: the node does not say), which the coordinator reconciles with what it sent. A node that begins to leave
/// (SIGTERM) announces <see cref="Slots"/> = 0 with <see cref="Leaving"/>: it takes no more dispatches, and those it
/// holds come back handed back; once it has left (or when it leaves without draining) it announces no slots, and
/// whatever it still held is dispatched elsewhere. <see cref="Simulated"/>: the node trains nothing, it follows surrogate
/// curves (<c>--simulate</c>); only a coordinator that accepts simulated workers gives it trials.
/// </summary>
public sealed record NodeCapacity(string Node, int Slots, int Busy, int Queue = 0, IReadOnlyList<HeldDispatch>? Held = null,
    bool Leaving = false, bool Simulated = false)
    : IProtocolMessage;

/// <summary>A dispatch a node holds: training in a slot (<see cref="Started"/>) or waiting for one.</summary>
public sealed record HeldDispatch(string SweepId, int TrialId, long Dispatch, bool Started);
