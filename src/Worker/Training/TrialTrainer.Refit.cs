using Hpo.Engine;
using Hpo.Engine.Data;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Hpo.Worker.Training;

public sealed partial class TrialTrainer
{
    /// <summary>
    /// The refit of a sweep's best configuration (<see cref="RefitTrial"/>): a new model of the plan trained on the
    /// training and validation parts together (<see cref="RefitSplit"/>: the test part stays the sweep's) for the
    /// requested epochs, evaluated on the test part and stored under <see cref="CheckpointKey.RefitOf"/>.
    /// </summary>
    public async Task<TrialRefitted> RefitAsync(RefitTrial command, CancellationToken cancellation = default)
    {
        var key = CheckpointKey.RefitOf(command.SweepId);
        try
        {
            if (command.Epochs < 1) return Refitted(command, 0, null, $"a refit needs at least one epoch, got {command.Epochs}");
            var split = RefitSplit.Of(_datasets.Get(command.Plan.Data));
            var plan = RefitPlan(command.Plan);
            var session = StartNew(plan, split, cancellation);
            _log.LogInformation("Sweep {Sweep}: refitting trial {Trial}'s configuration on {Samples} training + validation samples for {Epochs} epochs",
                command.SweepId, command.TrialId, split.Train.Samples, command.Epochs);
            session.RunTo(command.Epochs, cancellation: cancellation);
            if (session.Diverged)
                return Refitted(command, split.Train.Samples, null, $"the refit model diverged by epoch {session.Epoch}");
            await Store(key, session, cancellation);
            var test = split.Test is { Samples: > 0 } t ? session.Evaluate(t) : null;
            return Refitted(command, split.Train.Samples, test, null, session.Epoch);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: cannot refit trial {Trial}'s configuration", command.SweepId, command.TrialId);
            return Refitted(command, 0, null, e is HpoException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The plan as refit: no early stopping (it would watch a validation part there is no more of; the epochs are
    /// given). Everything else, max_epochs too (a schedule's length depends on it), is the trial's.
    /// </summary>
    public static TrialPlan RefitPlan(TrialPlan plan) => plan with { Training = plan.Training with { EarlyStopping = null } };

    private TrialRefitted Refitted(RefitTrial command, int samples, Evaluation? test, string? error, int? epochs = null) =>
        new(command.SweepId, command.TrialId, epochs ?? command.Epochs, samples, test, error, Node);
}
