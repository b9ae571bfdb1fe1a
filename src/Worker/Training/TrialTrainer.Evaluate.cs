using Hpo.Engine;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Protocol.Serialization;
using Hpo.Worker.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Hpo.Worker.Training;

public sealed partial class TrialTrainer
{
    /// <summary>
    /// The test-split figures of the trial's model at the requested epoch: the in-memory model when it is at that
    /// epoch, else the stored checkpoint, trained on without reporting when it is behind (every source lies on the
    /// same deterministic trajectory), else a new model trained to that epoch. No test split: no figures, no error.
    /// With <see cref="EvaluateTrial.StoreModel"/> that model is also stored as the sweep's best model
    /// (<see cref="CheckpointKey.BestOf"/>), rebuilt for it even when there is no test split.
    /// </summary>
    public async Task<TrialEvaluated> EvaluateAsync(EvaluateTrial command, TrialModel? memory, CancellationToken cancellation = default)
    {
        var key = new CheckpointKey(command.SweepId, command.TrialId);
        try
        {
            var plan = command.Plan;
            var split = _datasets.Get(plan.Data);
            var test = split.Test is { Samples: > 0 } t ? t : null;
            if (test is null && !command.StoreModel)
                return Evaluated(command, command.Epoch, null, null);
            var planKey = ProtocolJson.PlanKey(plan);
            var trial = memory is not null && memory.PlanKey == planKey && memory.Epoch == command.Epoch ? memory : null;
            string source = "memory";
            if (trial is null)
            {
                trial = await Restore(key, plan, planKey, split, 0, cancellation);
                source = "its checkpoint";
                if (trial is not null && trial.Epoch > command.Epoch) trial = null; // past the epoch asked for
            }
            if (trial is null)
            {
                trial = new TrialModel(plan, planKey, StartNew(plan, split, cancellation));
                source = "a new model";
            }
            var session = trial.Session;
            if (session.Epoch < command.Epoch && !session.Finished)
            {
                _log.LogInformation("Trial {Trial}: retraining epochs {First}..{Last} from {Source} to evaluate it",
                    key, session.Epoch + 1, command.Epoch, source);
                session.RunTo(command.Epoch, m => _epochs?.EpochTrained(m.Seconds, again: true), cancellation);
            }
            if (session.Diverged)
                return Evaluated(command, session.Epoch, null, $"the model diverged by epoch {session.Epoch}") with
                {
                    StoreError = command.StoreModel ? $"the model diverged by epoch {session.Epoch}" : null,
                };
            var figures = test is null ? null : session.Evaluate(test);
            if (figures is not null)
                _log.LogDebug("Trial {Trial}: test figures at epoch {Epoch} from {Source}: loss {Loss}", key, session.Epoch, source, figures.Loss);
            var answer = Evaluated(command, session.Epoch, figures, null);
            return command.StoreModel ? await StoreBest(command, session, answer, cancellation) : answer;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Trial {Trial}: cannot evaluate it on the test split", key);
            var error = e is HpoException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return Evaluated(command, command.Epoch, null, error) with { StoreError = command.StoreModel ? error : null };
        }
    }

    /// <summary>The model at the epoch asked for, stored as the sweep's best model: the answer says whether it is.</summary>
    private async Task<TrialEvaluated> StoreBest(EvaluateTrial command, TrainingSession session, TrialEvaluated answer, CancellationToken cancellation)
    {
        var best = CheckpointKey.BestOf(command.SweepId);
        if (session.Epoch != command.Epoch)
            return answer with { StoreError = $"the model stopped at epoch {session.Epoch}, before its objective epoch {command.Epoch}" };
        try
        {
            await Store(best, session, cancellation);
        }
        catch (CheckpointNotStoredException e)
        {
            _log.LogError(e.InnerException, "Sweep {Sweep}: {Error}", command.SweepId, e.Message);
            return answer with { StoreError = e.Message };
        }
        _log.LogInformation("Sweep {Sweep}: stored trial {Trial}'s model at epoch {Epoch} as its best model", command.SweepId,
            command.TrialId, session.Epoch);
        return answer with { Stored = true };
    }

    private TrialEvaluated Evaluated(EvaluateTrial command, int epoch, Evaluation? test, string? error) =>
        new(command.SweepId, command.TrialId, epoch, test, error, Node);
}
