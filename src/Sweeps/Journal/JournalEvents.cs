using Hpo.Engine.Diagnostics;
using Hpo.Engine.Training;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Journal;

/// <summary>
/// An event of the coordinator's journal besides the search core's <see cref="SweepEvent"/>s: what the shell
/// records for itself (the sweep's creation, the training-issues log, the registry of sweeps).
/// </summary>
public interface IJournalEvent;

/// <summary>
/// The first event of a sweep's journal: the spec as submitted (re-parsed on recovery, so the journal never
/// holds a CLR shape of the spec), the name errors are reported under, and where its relative paths resolve.
/// </summary>
public sealed record SweepCreated(string SweepId, string SpecText, string SourceName, string? BaseDirectory,
    DateTimeOffset SubmittedAt) : IJournalEvent;

/// <summary>Issues a trial's epoch report carried (first seen or seen again in that epoch), as the engine logged them.</summary>
public sealed record TrialIssuesReported(int Trial, int Epoch, IReadOnlyList<TrainingIssue> Issues) : IJournalEvent;

/// <summary>
/// Once the sweep was over, the best trial's model at <see cref="Epoch"/> was evaluated on the test split of its
/// data: <see cref="Test"/> holds the loss and metrics, or <see cref="Error"/> says why there are none (the node
/// could not evaluate it, or no node answered). When its objective epoch was not its last (<c>objective.scope:
/// best</c>) the same step stored that model as the sweep's best model (<c>CheckpointKey.BestOf</c>), with or
/// without a test split: <see cref="ModelStored"/>, or <see cref="ModelError"/> says why not. A journal written
/// before the step stored models has neither (false, null).
/// </summary>
public sealed record BestTrialTested(int Trial, int Epoch, Evaluation? Test, string? Error) : IJournalEvent
{
    /// <summary>The model at <see cref="Epoch"/> is stored as the sweep's best model.</summary>
    public bool ModelStored { get; init; }

    /// <summary>Why the model at <see cref="Epoch"/> was to be stored and is not (null: stored, or not to be).</summary>
    public string? ModelError { get; init; }
}

/// <summary>
/// Once the sweep was over (<c>search.refit: true</c>), the best trial's configuration was trained again from scratch
/// on the training and validation parts together (<see cref="TrainSamples"/> samples) for <see cref="Epochs"/> epochs
/// and stored as the sweep's refit model: <see cref="Test"/> holds its loss and metrics on the test split (null when
/// the data has none), or <see cref="Error"/> says why there is no refit model (it failed, or no node answered).
/// </summary>
public sealed record BestTrialRefitted(int Trial, int Epochs, int TrainSamples, Evaluation? Test, string? Error) : IJournalEvent;

/// <summary>The registry's journal: a sweep was accepted under this id.</summary>
public sealed record SweepRegistered(string SweepId, string? Name, DateTimeOffset SubmittedAt) : IJournalEvent;

/// <summary>
/// Where the sweep's sampler stood after <see cref="Draws"/> draws (its generators' state), written every so many
/// draws: recovery restores it rather than drawing every configuration again (a TPE draw fits a model).
/// </summary>
public sealed record SamplerCheckpointed(int Draws, ulong[] State) : IJournalEvent;

/// <summary>
/// The events one write of a sweep actor gathered (a report's outcome, the dispatches it led to, the inputs that
/// arrived meanwhile), stored as one journal row: a sweep writes a row per batch rather than per event, so the
/// journal keeps up with thousands of reports a second. Replayed in order, exactly as if written one by one.
/// <see cref="At"/>: when the row was written (null in rows written before it was recorded), so that a recovered
/// sweep knows when each of its epochs happened and for how long it ran.
/// </summary>
public sealed record SweepEventBatch(IReadOnlyList<object> Events, DateTimeOffset? At = null) : IJournalEvent;

