using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Cluster;

/// <summary>A message to the sweep registry or a sweep (queries and commands of the API and the command line).</summary>
public interface ICoordinatorMessage;

/// <summary>A request about one sweep: the registry forwards it to the sweep's actor.</summary>
public interface ISweepRequest : ICoordinatorMessage
{
    string SweepId { get; }
}

/// <summary>
/// Start a sweep from its spec text. <see cref="SweepId"/> null: the registry names it after the spec (name-N).
/// <see cref="Spec"/> is the text already parsed by the sender (the command line, the API), so a spec is parsed
/// once on its way to the sweep; null (a message that crossed the wire), the registry parses the text.
/// Answered with <see cref="SweepAccepted"/> or <see cref="SweepRejected"/>.
/// </summary>
public sealed record SubmitSweep(string SpecText, string SourceName, string? BaseDirectory, string? SweepId = null) : ICoordinatorMessage
{
    /// <summary>The parsed spec, when the sender parsed it.</summary>
    public SweepSpec? Spec { get; init; }
}

public sealed record SweepAccepted(string SweepId) : ICoordinatorMessage;

/// <summary>The spec could not be used (each error names its key path and line), or the id is taken or malformed.</summary>
public sealed record SweepRejected(string Message, IReadOnlyList<SpecErrorInfo> Errors) : ICoordinatorMessage;

public sealed record SpecErrorInfo(string Path, int Line, int Column, string Message);

/// <summary>Every sweep, oldest first: answered with <see cref="SweepList"/>.</summary>
public sealed record ListSweeps : ICoordinatorMessage;

public sealed record SweepList(IReadOnlyList<SweepStatus> Sweeps) : ICoordinatorMessage;

/// <summary>The sweep's state, rungs and leaderboard: answered with <see cref="SweepStatus"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetSweep(string SweepId, int Leaderboard = 10) : ISweepRequest;

/// <summary>One trial: answered with <see cref="TrialDetail"/>, <see cref="TrialNotFound"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetTrial(string SweepId, int Trial) : ISweepRequest;

/// <summary>Cancel the sweep: answered, once the cancellation is persisted, with its <see cref="SweepStatus"/>.</summary>
public sealed record CancelSweep(string SweepId) : ISweepRequest;

/// <summary>
/// Continue a sweep the registry recovered held (<see cref="SweepRegistryOptions.HoldRecoveredSweeps"/>): it starts
/// dispatching again. Answered with <see cref="SweepAccepted"/> (a sweep that was not held just answers).
/// </summary>
public sealed record ResumeSweep(string SweepId) : ISweepRequest;

/// <summary>Which trial holds the best model: answered with <see cref="BestTrial"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetBestTrial(string SweepId) : ISweepRequest;

public sealed record BestTrial(string SweepId, int? Trial, double? Objective) : ICoordinatorMessage
{
    /// <summary>The sweep's model is the refit of the best trial's configuration (<c>CheckpointKey.RefitOf</c>), not the trial's own.</summary>
    public bool Refit { get; init; }

    /// <summary>Where the sweep's model is read from: the trial's checkpoint, the refit, or the model stored at the objective epoch.</summary>
    public ModelSource Source { get; init; }

    /// <summary>The epoch of the sweep's model (the trial's objective epoch; 0 for a refit).</summary>
    public int ModelEpoch { get; init; }

    /// <summary>
    /// Why no stored model is the one the best trial's objective describes (null: one is): under <c>objective.scope:
    /// best</c> its best epoch came before its last, and the model at that epoch is not stored (yet, or it failed).
    /// </summary>
    public string? NotStored { get; init; }

    /// <summary>
    /// The worker nodes that may hold the model in their own checkpoint store, most likely first (the one that last
    /// trained the trial, then every node the sweep knows): where it is fetched from when this process's store lacks it.
    /// </summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];
}

public sealed record SweepNotFound(string SweepId) : ICoordinatorMessage;

public sealed record TrialNotFound(string SweepId, int Trial) : ICoordinatorMessage;

// Between the registry and its sweeps.

/// <summary>The registry to a new sweep actor: persist this creation and start, with the spec the registry parsed or was given.</summary>
public sealed record StartSweep(SweepCreated Created, SweepSpec? Spec = null) : ICoordinatorMessage;

/// <summary>The registry to its sweeps: a worker node left or became unreachable.</summary>
public sealed record NodeLost(string Node) : ICoordinatorMessage;

/// <summary>The registry asking a sweep for its summary line (the list of sweeps).</summary>
public sealed record ListSweepsItem : ICoordinatorMessage
{
    public static readonly ListSweepsItem Instance = new();
}

/// <summary>A sweep to its registry: it has finished.</summary>
public sealed record SweepEnded(string SweepId) : ICoordinatorMessage;
