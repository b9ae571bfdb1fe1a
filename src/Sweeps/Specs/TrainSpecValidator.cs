namespace Hpo.Sweeps.Specs;

/// <summary>Checks that need the loaded data, made once the dataset is split; errors still name the spec's line.</summary>
public static class TrainSpecValidator
{
    /// <summary>The problems of the spec given the training split's size (and the class count, when known).</summary>
    public static IReadOnlyList<SpecError> FindDataErrors(TrainSpec spec, int trainSamples, int? classCount = null)
    {
        var errors = new List<SpecError>();
        void Add(string path, string message)
        {
            var at = spec.Locations.Find(path);
            errors.Add(new SpecError(path, at.Line, at.Column, message));
        }

        if (trainSamples < 1)
        {
            Add(spec.Locations.Contains("data.validation") ? "data.validation" : "data", "leaves no samples to train on");
            return errors;
        }
        var batch = spec.Training.BatchSize;
        if (batch > trainSamples)
            Add("training.batch_size",
                $"is {batch} but the training split holds {trainSamples} samples; use at most {trainSamples}, or full");
        if (classCount is { } classes && spec.Training.ClassWeights is { } weights && weights.Count != classes)
            Add("training.class_weights", $"lists {weights.Count} weights but the data has {classes} classes");
        return errors;
    }

    /// <summary>Throws a <see cref="SpecException"/> when <see cref="FindDataErrors"/> finds anything.</summary>
    public static void CheckAgainstData(TrainSpec spec, int trainSamples, int? classCount = null)
    {
        var errors = FindDataErrors(spec, trainSamples, classCount);
        if (errors.Count > 0) throw new SpecException(spec.SourceName, errors);
    }
}
