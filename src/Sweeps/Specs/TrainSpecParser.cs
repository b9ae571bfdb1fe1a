using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Parses the spec of <c>hpo train</c> (YAML or JSON): the sweep format's name, seed, data, task,
/// objective, model and training sections, with fixed values only. Every problem found is reported
/// at once in a <see cref="SpecException"/>, each naming its key path and line.
/// </summary>
public static class TrainSpecParser
{
    public const string Command = "hpo train";

    public static IReadOnlyList<string> TopKeys { get; } = ["name", "seed", "data", "task", "objective", "model", "training"];

    /// <summary>Keys of a sweep that a single training has no use for.</summary>
    public static IReadOnlyList<string> SweepOnlyKeys { get; } = ["search"];

    public static EnumReader<TaskKind> Task { get; } = SpecValues.Enum("task",
        ("classification", TaskKind.Classification), ("regression", TaskKind.Regression));

    /// <summary>Reads a spec file; relative paths inside it resolve against its directory.</summary>
    public static TrainSpec ParseFile(string path)
    {
        var (text, directory) = SpecDocument.ReadFile(path, "spec");
        return Parse(text, path, directory);
    }

    /// <param name="text">The document, YAML or JSON.</param>
    /// <param name="sourceName">Named in messages (<c>model.yaml:12: ...</c>).</param>
    /// <param name="baseDirectory">Where relative paths resolve; null leaves them as written.</param>
    public static TrainSpec Parse(string text, string sourceName, string? baseDirectory = null)
    {
        var (context, entries) = SpecDocument.ReadTop(text, sourceName, baseDirectory, Command, TopKeys, "spec",
            "data, model and training", (e, c) =>
            {
                if (!SweepOnlyKeys.Contains(e.Name)) return false;
                c.Error(e.Name, e.Key, $"belongs to a sweep (hpo run); {Command} trains one model with fixed values");
                return true;
            });

        var name = ReadTop(entries, "name", SpecValues.Text, context);
        var seed = ReadTop(entries, "seed", SpecValues.NonNegativeInteger, context, out var seedGiven);
        var task = ReadTop(entries, "task", Task, context, out var taskGiven);
        var objective = ReadTop(entries, "objective", new ObjectiveReader(), context);

        int? givenSeed = seedGiven ? seed : null;
        TaskKind? givenTask = taskGiven ? task : null;
        var data = DataSection.Read(entries.GetValueOrDefault("data"), givenSeed, context);
        if (givenTask is not null) data = data with { Task = givenTask };
        var model = ModelSection.Build(ModelSection.Read(entries.GetValueOrDefault("model"), context), context);
        var trainingDraft = TrainingSection.Read(entries.GetValueOrDefault("training"), context);
        var training = TrainingSection.Build(trainingDraft, objective, givenSeed, context);

        var spec = new TrainSpec
        {
            Name = name,
            Seed = training.Seed,
            Data = data,
            Task = givenTask ?? DataSection.KnownTask(data.Dataset),
            Model = model,
            Training = training,
            Objective = objective,
            Pretraining = trainingDraft.Pretraining,
            Transfer = trainingDraft.Transfer,
            SourceName = sourceName,
            Locations = context.Locations,
        };
        if (!context.Errors.HasErrors) TrainSpecChecks.Check(spec, givenTask, context);
        context.Errors.ThrowIfAny(sourceName);
        return spec;
    }

    private static T? ReadTop<T>(Dictionary<string, SpecEntry> entries, string key, SpecValueReader<T> reader, SpecContext context) =>
        ReadTop(entries, key, reader, context, out _);

    private static T? ReadTop<T>(Dictionary<string, SpecEntry> entries, string key, SpecValueReader<T> reader, SpecContext context, out bool read)
    {
        read = false;
        if (!entries.TryGetValue(key, out var entry) || SpecTable<T>.RejectSearchSpace(entry.Value, key, context)) return default;
        read = reader.TryRead(entry.Value, key, context, out var value);
        return read ? value : default;
    }
}
