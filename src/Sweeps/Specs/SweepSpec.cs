using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// A parsed sweep (<c>hpo run SWEEP.yaml</c>): the data and objective every trial shares, the fixed
/// part of the model and training, the <see cref="SearchSpace"/> over the searched keys, and the
/// <see cref="SearchOptions"/>. <see cref="Materialize"/> turns one sampled configuration into the
/// concrete <see cref="TrainSpec"/> of its trial. Immutable.
/// </summary>
public sealed record SweepSpec
{
    public string? Name { get; init; }

    /// <summary>The sweep's seed: the samplers' seed, the training seed of every trial, and (unless given) the data seeds.</summary>
    public int Seed { get; init; }

    /// <summary>The data's fixed keys (a searched data key takes its sampled value per trial).</summary>
    public required DataOptions Data { get; init; }

    /// <summary>As given, else as the dataset implies; null for a CSV file without <c>task</c>.</summary>
    public TaskKind? Task { get; init; }

    /// <summary>What every trial is judged by: as given, else val_accuracy (max) for classification and val_loss (min) otherwise.</summary>
    public required ObjectiveSpec Objective { get; init; }

    /// <summary>The model keys given as fixed values; a trial's sampled values are applied on top.</summary>
    public required ModelDraft Model { get; init; }

    /// <summary>The training keys given as fixed values; a trial's sampled values are applied on top.</summary>
    public required TrainingDraft Training { get; init; }

    public required SearchSpace Space { get; init; }
    public required SearchOptions Search { get; init; }

    /// <summary>The name errors are reported under (the file's path, or what the caller passed).</summary>
    public string SourceName { get; init; } = "sweep";

    /// <summary>Line and column of every key path (searched ones too), for errors found per trial.</summary>
    public SpecLocations Locations { get; init; } = SpecLocations.Empty;

    /// <summary>The maximum resource: epochs of a trial trained to the end (<c>training.max_epochs</c>).</summary>
    public int MaxEpochs => Search.MaxEpochs;

    internal TaskKind? GivenTask { get; init; }
    internal int? GivenSeed { get; init; }
    internal bool TestGiven { get; init; }
    internal bool InformativeFixed { get; init; }
    internal IReadOnlyDictionary<string, ParameterBinding> Bindings { get; init; } = new Dictionary<string, ParameterBinding>();
    internal ApplyValue? ApplyLayerWidths { get; init; }

    /// <summary>The sampler <c>search.sampler</c> names, seeded with the sweep's seed.</summary>
    public ISampler CreateSampler() => SamplerFactory.Create(Search, Space, Seed, Objective.Mode);

    /// <summary>The configuration of a sweep with nothing searched: the empty one (every key keeps its fixed value).</summary>
    /// <exception cref="InvalidOperationException">The sweep searches some keys; sample a configuration instead.</exception>
    public TrialConfig ConfigFromFixed() => Space.IsEmpty
        ? TrialConfig.Empty
        : throw new InvalidOperationException(
            $"{SourceName} searches {string.Join(", ", Space.Parameters.Select(p => p.Path))}; sample a configuration instead");

    /// <summary>
    /// The concrete spec of one trial: each sampled value checked by its key's reader and applied over
    /// the fixed keys, then the sections built and checked as <c>hpo train</c> checks a spec.
    /// </summary>
    /// <exception cref="SpecException">
    /// The configuration does not fit the space (unknown or missing parameters, values outside their
    /// domains), a value is refused, or the combination fails a check; each error names the key path
    /// and its line, and the message ends with the configuration.
    /// </exception>
    public TrainSpec Materialize(TrialConfig config)
    {
        var context = new SpecContext(SourceName, command: "hpo run");
        foreach (var path in Locations.Paths) context.Locations.Add(path, Locations.Find(path));

        foreach (var (path, problem) in Space.Violations(config)) context.Error(path, problem);
        if (context.Errors.HasErrors) Throw(context, config);

        var draft = new SweepDraft(Data, Model, Training);
        var widths = new SortedDictionary<int, long>();
        foreach (var (path, value) in config.Values)
        {
            var binding = Bindings[path];
            if (binding.LayerIndex > 0)
            {
                widths[binding.LayerIndex] = value.AsInt;
                continue;
            }
            var plain = binding.Payloads.TryGetValue(value, out var payload) ? payload : SweepParameterReader.ToPlain(value);
            if (binding.Apply!(draft, plain, out var applied, out var error)) draft = applied;
            else context.Error(path, $"the sampled value {value} is refused: {error}");
        }
        if (widths.Count > 0)
        {
            if (ApplyLayerWidths!(draft, widths.Values.ToList(), out var applied, out var error)) draft = applied;
            else context.Error("model.units", $"the sampled widths are refused: {error}");
        }

        var data = draft.Data;
        if (GivenTask is not null) data = data with { Task = GivenTask };
        DataSection.CheckValues(data, TestGiven, InformativeFixed || config.Values.ContainsKey("data.informative"), context);
        var model = ModelSection.Build(draft.Model, context);
        var training = TrainingSection.Build(draft.Training, Objective, GivenSeed, context);
        // target_scaling applies to regression only; the engine leaves a classifier's labels alone.
        if (Task == TaskKind.Classification) training = training with { TargetScaling = ScalingKind.None };

        var spec = new TrainSpec
        {
            Name = Name,
            Seed = training.Seed,
            Data = data,
            Task = Task,
            Model = model,
            Training = training,
            Objective = Objective,
            Pretraining = draft.Training.Pretraining,
            Transfer = draft.Training.Transfer,
            SourceName = SourceName,
            Locations = context.Locations,
        };
        if (!context.Errors.HasErrors) TrainSpecChecks.Check(spec, GivenTask, context);
        if (context.Errors.HasErrors) Throw(context, config);
        return spec;
    }

    private void Throw(SpecContext context, TrialConfig config)
    {
        var suffix = config.Values.Count == 0 ? "" : $" (trial: {config})";
        throw new SpecException(SourceName, context.Errors.Sorted().Select(e => e with { Message = e.Message + suffix }).ToList());
    }
}
