using Hpo.Engine.Options;
using Hpo.Engine.Simulation;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Simulation;

/// <summary>
/// Trains nothing: a rung of a trial follows its <see cref="SurrogateCurve"/>, whose quality comes from the plan
/// (learning rate, batch size, hidden widths and depth, dropout), for scale tests of the real cluster. Same
/// protocol as <see cref="TrialTrainer"/>: an <see cref="EpochReport"/> per epoch in (from, to], then
/// <see cref="RungCompleted"/> (finished at the plan's last epoch or when the curve diverges) or, on the curve's
/// failure epoch, <see cref="TrainingFailed"/>. Every figure is a function of (the plan's seed, trial, epoch), so a
/// promoted trial continues on any node without a checkpoint. <paramref name="epochDuration"/> (virtual time per
/// epoch, default none) holds the slot that long per epoch.
/// </summary>
public sealed class SimulatedTrainer(string node, TimeSpan epochDuration = default, IEpochObserver? epochs = null) : ITrialTrainer
{
    public string Node { get; } = node;

    public TimeSpan EpochDuration { get; } = epochDuration;

    /// <summary>The curve a plan's trial follows.</summary>
    public static SurrogateCurve CurveOf(TrialPlan plan, int trial)
    {
        var hidden = plan.Model.HiddenUnits;
        int layers = Math.Max(1, hidden.Count);
        int units = hidden.Count == 0 ? 1 : Math.Max(1, (int)Math.Round(hidden.Average()));
        return new SurrogateCurve(plan.Training.Seed, trial, plan.Training.LearningRate, Math.Max(1, plan.Training.BatchSize),
            units, layers, Math.Clamp(plan.Model.Dropout, 0f, 0.95f));
    }

    /// <summary>A simulated trial has no model to evaluate.</summary>
    public Task<TrialEvaluated> EvaluateAsync(EvaluateTrial command, TrialModel? memory, CancellationToken cancellation = default) =>
        Task.FromResult(new TrialEvaluated(command.SweepId, command.TrialId, command.Epoch, null, "a simulated trial has no model to evaluate", Node));

    /// <summary>A simulated trial has no model to refit.</summary>
    public Task<TrialRefitted> RefitAsync(RefitTrial command, CancellationToken cancellation = default) =>
        Task.FromResult(new TrialRefitted(command.SweepId, command.TrialId, command.Epochs, 0, null, "a simulated trial has no model to refit", Node));

    public async Task<RungOutcome> TrainAsync(TrainTrial command, TrialModel? memory, Action<EpochReport> report,
        CancellationToken cancellation = default, CancellationToken handBack = default)
    {
        if (command.FromEpoch < 0 || command.ToEpoch <= command.FromEpoch)
            return Failed(command, $"an empty rung: epochs {command.FromEpoch} to {command.ToEpoch}");
        SurrogateCurve curve;
        try
        {
            curve = CurveOf(command.Plan, command.TrialId);
        }
        catch (ArgumentException e)
        {
            return Failed(command, $"simulation: {e.Message}");
        }
        int last = Math.Max(1, command.Plan.Training.MaxEpochs);
        int to = Math.Min(command.ToEpoch, last);
        for (int epoch = command.FromEpoch + 1; epoch <= to; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (handBack.IsCancellationRequested)
                return new RungOutcome(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch,
                    $"handed back at epoch {epoch - 1}: its node is leaving", Node, Retryable: true, HandedBack: true), null);
            if (EpochDuration > TimeSpan.Zero) await Task.Delay(EpochDuration, cancellation);
            epochs?.EpochTrained(EpochDuration.TotalSeconds, again: false);
            if (curve.FailsAt == epoch)
                return Failed(command, $"simulated failure in epoch {epoch}");
            var r = Report(command, curve, epoch);
            report(r);
            if (r.Diverged)
                return Done(command, epoch, true, $"diverged: the loss became non-finite in epoch {epoch}");
        }
        return Done(command, to, to >= last, null);
    }

    /// <summary>The report of one epoch of a trial's curve (what <see cref="TrainAsync"/> sends).</summary>
    public EpochReport Report(TrainTrial command, SurrogateCurve curve, int epoch)
    {
        double acc = curve.Objective(epoch);
        bool diverged = double.IsNaN(acc);
        // Validation loss of a softmax at that accuracy, roughly; training runs a little ahead of validation.
        double valLoss = diverged ? double.NaN : -Math.Log(Math.Max(acc, 1e-6)) + 0.05;
        double trainAcc = diverged ? double.NaN : Math.Min(1.0, acc + 0.01 * (1 - Math.Exp(-epoch / 10.0)));
        double trainLoss = diverged ? double.NaN : -Math.Log(Math.Max(trainAcc, 1e-6)) + 0.03;
        double seconds = curve.Seconds(epoch);
        var metrics = new EpochMetrics
        {
            Epoch = epoch,
            LearningRate = 0,
            TrainLoss = trainLoss,
            TrainAccuracy = trainAcc,
            ValLoss = valLoss,
            ValAccuracy = acc,
            GradientNorms = [],
            Seconds = seconds,
            SamplesPerSecond = 1000.0 / seconds,
            Diverged = diverged,
        };
        // Another objective (a regression's val_mae, ...): a loss-like value, smaller is better.
        double objective = metrics.Get(command.Plan.ObjectiveMetric) ?? valLoss;
        return new EpochReport(command.SweepId, command.TrialId, command.Dispatch, epoch, diverged ? double.NaN : objective, metrics, [], Node);
    }

    private RungOutcome Done(TrainTrial command, int epoch, bool finished, string? reason) =>
        new(new RungCompleted(command.SweepId, command.TrialId, command.Dispatch, epoch, finished, reason, Node), null);

    private RungOutcome Failed(TrainTrial command, string error) =>
        new(new TrainingFailed(command.SweepId, command.TrialId, command.Dispatch, error, Node), null);
}
