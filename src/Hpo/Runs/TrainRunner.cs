using System.Diagnostics;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Engine.Training;
using Hpo.Sweeps.Specs;

namespace Hpo.Runs;

/// <summary>Trains the single model of a <see cref="TrainSpec"/>: loads and splits its data, checks the spec against it, trains.</summary>
public static class TrainRunner
{
    public static TrainOutcome Run(TrainSpec spec, Action<EpochMetrics>? onEpoch = null, CancellationToken cancellation = default) =>
        Run(spec, new TrainRequest(), onEpoch, cancellation: cancellation);

    public static TrainOutcome Run(TrainSpec spec, TrainRequest request, Action<EpochMetrics>? onEpoch = null,
        Action<int, EpochMetrics>? onPretrainingEpoch = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var split = DataLoader.LoadSplit(spec.Data);
        CheckTask(spec, split.Train);
        TrainSpecValidator.CheckAgainstData(spec, split.Train.Samples,
            split.Train.Task == TaskKind.Classification ? split.Train.ClassCount : null);

        var session = request.ResumeFrom is { } checkpoint
            ? Resume(spec, checkpoint, split)
            : Start(spec, split, onPretrainingEpoch, cancellation);
        session.RunTo(request.StopAfterEpoch ?? spec.Training.MaxEpochs, onEpoch, cancellation);
        if (session.Curve.Count == 0)
            throw Error(spec, "training.max_epochs", $"nothing to train: the checkpoint is already at epoch {session.Epoch}");
        if (request.SaveModelTo is { } modelPath) ModelFile.SaveModel(modelPath, session);
        if (request.CheckpointTo is { } checkpointPath) ModelFile.SaveCheckpoint(checkpointPath, session);
        var kept = session.StoppedEarly && spec.Training.EarlyStopping?.RestoreBestWeights == true
            ? session.Curve[session.BestEpoch - 1]
            : session.Curve[^1];
        var test = split.Test is { Samples: > 0 } t && !session.Diverged ? session.Evaluate(t) : null;
        var objective = spec.ObjectiveOrDefault;
        return new TrainOutcome
        {
            Name = spec.Name ?? Path.GetFileNameWithoutExtension(spec.SourceName),
            Curve = session.Curve,
            Kept = kept,
            ObjectiveMetric = objective.Metric,
            ObjectiveValue = kept.Get(objective.Metric),
            Test = test,
            Seconds = clock.Elapsed.TotalSeconds,
            Diverged = session.Diverged,
            StopReason = session.StopReason,
            Issues = session.Issues.ToArray(),
        };
    }

    private static TrainingSession Resume(TrainSpec spec, string checkpoint, DataSplit split)
    {
        var session = ModelFile.ResumeSession(checkpoint, split, spec.Training);
        if (!SameArchitecture(session.Model, spec.Model))
            throw new ModelFileException($"{checkpoint}: the checkpoint's model differs from the model in {spec.SourceName}");
        return session;
    }

    private static bool SameArchitecture(ModelOptions a, ModelOptions b) =>
        a with { HiddenUnits = [] } == b with { HiddenUnits = [] } && a.HiddenUnits.SequenceEqual(b.HiddenUnits);

    /// <summary>A new session: from a transferred model, after layer-wise pretraining, or from a random start.</summary>
    private static TrainingSession Start(TrainSpec spec, DataSplit split, Action<int, EpochMetrics>? onPretrainingEpoch, CancellationToken cancellation)
    {
        var options = spec.Training;
        TransferSource? source = null;
        if (spec.Transfer is { } transfer)
        {
            var model = ModelFile.LoadModel(transfer.From);
            int sourceLayers = model.Header.Model.HiddenUnits.Count;
            if (transfer.Freeze > sourceLayers)
                throw Error(spec, "training.transfer.freeze", $"cannot freeze {transfer.Freeze} layers: {transfer.From} has {sourceLayers} hidden layers");
            source = new TransferSource(transfer.From, model);
            options = options with { Transfer = transfer.ToOptions() };
        }
        return SessionStart.New(spec.Model, options, split, spec.Pretraining, source, onPretrainingEpoch, cancellation);
    }

    private static void CheckTask(TrainSpec spec, Dataset train)
    {
        if (spec.Task is { } task && task != train.Task)
            throw Error(spec, "task", $"the task is {Name(task)} but the data ({train.Name}) is a {Name(train.Task)} problem");
    }

    private static string Name(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";

    private static SpecException Error(TrainSpec spec, string path, string message)
    {
        var at = spec.Locations.Find(path);
        return new SpecException(spec.SourceName, new SpecError(path, at.Line, at.Column, message));
    }
}
