using Hpo.Engine;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Protocol.Serialization;
using Hpo.Worker.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hpo.Worker.Training;

/// <summary>
/// Trains one rung of a trial (a <see cref="TrainTrial"/>), with no actors involved. The model comes from the
/// cheapest place that has it: the in-memory session of the last rung, the trial's checkpoint in the store, or
/// a new session (transfer and pretraining as the plan says). All three lie on one deterministic trajectory, so
/// a model behind the rung's start is trained up to it without reporting (a log line says so), and one ahead of
/// it reports the epochs it already has from its learning curve. Then it trains to the rung's end, reporting
/// each epoch, stores the checkpoint and answers <see cref="RungCompleted"/>; a problem with the data or the
/// plan answers <see cref="TrainingFailed"/>.
/// </summary>
public sealed partial class TrialTrainer : ITrialTrainer
{
    private readonly DatasetCache _datasets;
    private readonly ICheckpointStore _checkpoints;
    private readonly string? _dataDirectory;
    private readonly ILogger _log;
    private readonly IEpochObserver? _epochs;
    private readonly int _checkpointEvery;

    /// <param name="node">This node's id, written into every report.</param>
    /// <param name="dataDirectory">Where relative transfer-model paths are resolved.</param>
    /// <param name="epochs">Told of every epoch trained.</param>
    /// <param name="checkpointEvery">Within a rung, the model is stored every this many epochs (0: at the rung's end only).</param>
    public TrialTrainer(string node, DatasetCache datasets, ICheckpointStore checkpoints, string? dataDirectory = null,
        ILogger? logger = null, IEpochObserver? epochs = null, int checkpointEvery = 0)
    {
        _epochs = epochs;
        _checkpointEvery = Math.Max(0, checkpointEvery);
        Node = node;
        _datasets = datasets;
        _checkpoints = checkpoints;
        _dataDirectory = dataDirectory;
        _log = logger ?? NullLogger.Instance;
    }

    public string Node { get; }

    /// <summary>
    /// Trains the rung. <paramref name="report"/> gets each <see cref="EpochReport"/> on the training thread.
    /// Cancellation throws <see cref="OperationCanceledException"/> and leaves the stored checkpoint as it was;
    /// <paramref name="handBack"/> stops at the end of the epoch training now and stores the model there.
    /// </summary>
    public async Task<RungOutcome> TrainAsync(TrainTrial command, TrialModel? memory, Action<EpochReport> report,
        CancellationToken cancellation = default, CancellationToken handBack = default)
    {
        var key = new CheckpointKey(command.SweepId, command.TrialId);
        try
        {
            if (command.FromEpoch < 0 || command.ToEpoch <= command.FromEpoch)
                return Failed(command, $"an empty rung: epochs {command.FromEpoch} to {command.ToEpoch}");
            var plan = command.Plan;
            var split = _datasets.Get(plan.Data);
            if (plan.Task is { } task && task != split.Train.Task)
                return Failed(command, $"the sweep expects a {Name(task)} task but the data ({split.Train.Name}) is a {Name(split.Train.Task)} problem");
            var planKey = ProtocolJson.PlanKey(plan);

            var trial = memory is not null && memory.PlanKey == planKey ? memory : null;
            bool fromMemory = trial is not null;
            if (trial is null || trial.Epoch < command.FromEpoch)
            {
                var restored = await Restore(key, plan, planKey, split, trial?.Epoch ?? 0, cancellation);
                if (restored is not null)
                {
                    trial = restored;
                    fromMemory = false;
                }
            }
            int trained = 0;
            if (trial is null)
            {
                trial = new TrialModel(plan, planKey, StartNew(plan, split, cancellation));
                trained = -1; // a new model is always stored
            }
            var session = trial.Session;
            _log.LogDebug("Trial {Trial}: rung {From}..{To} from {Source} at epoch {Epoch}", key, command.FromEpoch,
                command.ToEpoch, fromMemory ? "memory" : trained < 0 ? "a new model" : "its checkpoint", session.Epoch);

            if (session.Epoch < command.FromEpoch && !session.Finished)
            {
                _log.LogInformation("Trial {Trial}: retraining epochs {First}..{Last} without reporting them (no model or checkpoint at epoch {From} here)",
                    key, session.Epoch + 1, command.FromEpoch, command.FromEpoch);
                int before = session.Epoch;
                session.RunTo(command.FromEpoch, m => _epochs?.EpochTrained(m.Seconds, again: true), cancellation);
                trained += session.Epoch - before;
            }

            // Epochs this model already has: report them from its curve, exactly as they were trained.
            int known = Math.Min(session.Epoch, command.ToEpoch);
            for (int epoch = command.FromEpoch + 1; epoch <= known; epoch++)
                report(Report(command, session, session.Curve[epoch - 1]));

            // The store holds this model's epoch unless the model is new or was trained on here.
            int storedAt = trained == 0 ? session.Epoch : -1;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, handBack);
            try
            {
                while (session.Epoch < command.ToEpoch && !session.Finished)
                {
                    int before = session.Epoch;
                    int next = _checkpointEvery > 0 ? Math.Min(command.ToEpoch, (before / _checkpointEvery + 1) * _checkpointEvery) : command.ToEpoch;
                    session.RunTo(next, m =>
                    {
                        _epochs?.EpochTrained(m.Seconds, again: false);
                        report(Report(command, session, m));
                    }, stop.Token);
                    if (session.Epoch == before) break;
                    if (session.Epoch < command.ToEpoch && !session.Finished)
                    {
                        await Store(key, session, cancellation);
                        storedAt = session.Epoch;
                    }
                }
            }
            catch (OperationCanceledException) when (handBack.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                if (session.Epoch != storedAt) await Store(key, session, CancellationToken.None);
                _log.LogInformation("Trial {Trial}: handed back at epoch {Epoch} (stored): this node is leaving", key, session.Epoch);
                return new RungOutcome(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch,
                    $"handed back at epoch {session.Epoch}: its node is leaving", Node, Retryable: true, HandedBack: true), null);
            }

            if (session.Epoch != storedAt) await Store(key, session, cancellation);
            bool finished = session.Finished && session.Epoch <= command.ToEpoch;
            var done = new RungCompleted(command.SweepId, command.TrialId, command.Dispatch,
                Math.Min(session.Epoch, command.ToEpoch), finished, finished ? session.StopReason : null, Node);
            return new RungOutcome(done, trial);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (IsPlanOrDataError(e))
        {
            _log.LogWarning("Trial {Trial} failed: {Error}", key, e.Message);
            return Failed(command, e.Message);
        }
        catch (CheckpointNotStoredException e)
        {
            // One line per attempt: the cause is in the message, and the sweep stops with it once the retries are spent.
            _log.LogWarning("Trial {Trial}: {Error}", key, e.Message);
            return new RungOutcome(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch, e.Message, Node, Retryable: true, Storage: true), null);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Trial {Trial} failed on this node", key);
            return Failed(command, $"{e.GetType().Name}: {e.Message}", retryable: true);
        }
    }

    /// <summary>Errors that another attempt with the same plan and data would meet again.</summary>
    private static bool IsPlanOrDataError(Exception e) => e is HpoException;

    private RungOutcome Failed(TrainTrial command, string error, bool retryable = false) =>
        new(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch, error, Node, retryable), null);

    private TrainingSession StartNew(TrialPlan plan, DataSplit split, CancellationToken cancellation)
    {
        TransferSource? transfer = null;
        if (plan.TransferFrom is { } from)
        {
            var path = Path.IsPathRooted(from) || _dataDirectory is null ? from : Path.Combine(_dataDirectory, from);
            transfer = new TransferSource(from, ModelFile.LoadModel(path));
        }
        return SessionStart.New(plan.Model, plan.Training, split, plan.Pretraining, transfer, cancellation: cancellation);
    }

    /// <summary>The stored checkpoint when it is ahead of <paramref name="after"/> and fits the plan; otherwise null (and a log line).</summary>
    private async Task<TrialModel?> Restore(CheckpointKey key, TrialPlan plan, string planKey, DataSplit split, int after,
        CancellationToken cancellation)
    {
        StoredCheckpoint? stored;
        try
        {
            stored = await _checkpoints.LoadAsync(key, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Trial {Trial}: its checkpoint cannot be read; training without it", key);
            return null;
        }
        if (stored is null || stored.Epoch <= after) return null;
        try
        {
            using var stream = new MemoryStream(stored.Data, writable: false);
            // The checkpoint's own training options: they hold what a new session worked out (transferred layers).
            var session = ModelFile.ReadCheckpoint(stream, $"checkpoint {key}", split);
            if (!SameArchitecture(session.Model, plan.Model))
            {
                _log.LogWarning("Trial {Trial}: its checkpoint holds another architecture; training without it", key);
                return null;
            }
            return new TrialModel(plan, planKey, session);
        }
        catch (ModelFileException e)
        {
            _log.LogWarning("Trial {Trial}: its checkpoint does not fit: {Error}; training without it", key, e.Message);
            return null;
        }
    }

    private async Task Store(CheckpointKey key, TrainingSession session, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        ModelFile.WriteCheckpoint(buffer, session);
        try
        {
            await _checkpoints.SaveAsync(key, session.Epoch, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CheckpointNotStoredException(key, session.Epoch, e);
        }
    }

    private static bool SameArchitecture(ModelOptions a, ModelOptions b) =>
        a with { HiddenUnits = [] } == b with { HiddenUnits = [] } && a.HiddenUnits.SequenceEqual(b.HiddenUnits);

    private EpochReport Report(TrainTrial command, TrainingSession session, EpochMetrics m)
    {
        var issues = session.Issues
            .Where(i => i.Epoch == m.Epoch || i.LastEpoch == m.Epoch || (i.Epoch == 0 && m.Epoch == 1))
            .ToArray();
        return new EpochReport(command.SweepId, command.TrialId, command.Dispatch, m.Epoch, m.Get(command.Plan.ObjectiveMetric), m, issues, Node);
    }

    private static string Name(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";
}
