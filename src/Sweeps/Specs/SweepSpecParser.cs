using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Parses a sweep (YAML or JSON; see docs/sweep-spec.md): the keys of <c>hpo train</c>, where every
/// model, training and data key may instead be a search space, plus the <c>search</c> section.
/// Every value a search space can give is checked by its key's reader; conditions (<c>when</c>) and
/// per-layer widths (<c>per_layer</c>) are resolved into the <see cref="SearchSpace"/>. Every problem
/// found is reported at once in a <see cref="SpecException"/>, each naming its key path and line.
/// </summary>
public static class SweepSpecParser
{
    public const string Command = "hpo run";

    public static IReadOnlyList<string> TopKeys { get; } = [.. TrainSpecParser.TopKeys, SearchSection.Path];

    /// <summary>Per-layer widths are supported up to this depth.</summary>
    public const int MaxPerLayerDepth = 32;

    /// <summary>Keys that take a fixed value only, with the reason.</summary>
    private static readonly Dictionary<string, string> FixedOnly = new(StringComparer.Ordinal)
    {
        ["data.dataset"] = "it chooses the data every trial is measured on",
        ["data.csv"] = "it chooses the data every trial is measured on",
        ["data.target"] = "it chooses the data every trial is measured on",
        ["data.header"] = "it chooses the data every trial is measured on",
        ["data.weight"] = "it chooses the data every trial is measured on",
        ["data.validation"] = "it sets the hold-out every trial's objective is measured on",
        ["data.test"] = "it sets the hold-out every trial's objective is measured on",
        ["data.split_seed"] = "it sets the hold-out every trial's objective is measured on",
        ["training.max_epochs"] = "it is the sweep's maximum epochs per trial (the schedulers' maximum resource; search.min_epochs is the minimum)",
    };

    /// <summary>Reads a sweep file; relative paths inside it resolve against its directory.</summary>
    public static SweepSpec ParseFile(string path)
    {
        var (text, directory) = SpecDocument.ReadFile(path, "sweep");
        return Parse(text, path, directory);
    }

    /// <param name="text">The document, YAML or JSON.</param>
    /// <param name="sourceName">Named in messages (<c>sweep.yaml:12: ...</c>).</param>
    /// <param name="baseDirectory">Where relative paths resolve; null leaves them as written.</param>
    public static SweepSpec Parse(string text, string sourceName, string? baseDirectory = null)
    {
        var (context, entries) = SpecDocument.ReadTop(text, sourceName, baseDirectory, Command, TopKeys, "sweep",
            "data, model, training and search");

        var name = ReadTop(entries, "name", SpecValues.Text, context, out _);
        var seed = ReadTop(entries, "seed", SpecValues.NonNegativeInteger, context, out var seedGiven);
        var task = ReadTop(entries, "task", TrainSpecParser.Task, context, out var taskGiven);
        var objective = ReadTop(entries, "objective", new ObjectiveReader(), context, out _);
        int? givenSeed = seedGiven ? seed : null;
        TaskKind? givenTask = taskGiven ? task : null;

        var drafts = new List<ParameterDraft>();
        void OnSearchSpace<T>(ISpecKey<T> key, SpecEntry entry, string keyPath, string section, Func<SweepDraft, T> get, Func<SweepDraft, T, SweepDraft> set)
        {
            if (FixedOnly.TryGetValue(keyPath, out var reason))
            {
                context.Error(keyPath, entry.Value, $"takes a fixed value, not a search space: {reason}");
                return;
            }
            var draft = SweepParameterReader.Read(entry, keyPath, section, key.Reader, context, allowPerLayer: keyPath == "model.units");
            if (draft is null) return;
            draft.Apply = (SweepDraft d, object? value, out SweepDraft result, out string? error) =>
            {
                var ok = key.TryApply(get(d), value, out var applied, out error);
                result = ok ? set(d, applied!) : d;
                return ok;
            };
            drafts.Add(draft);
        }

        var data = DataSection.Read(entries.GetValueOrDefault("data"), givenSeed, context,
            (key, e, path) => OnSearchSpace(key, e, path, DataSection.Path, d => d.Data, (d, v) => d with { Data = v }));
        if (givenTask is not null) data = data with { Task = givenTask };
        var modelEntry = entries.GetValueOrDefault("model");
        var model = ModelSection.Table.Read(modelEntry?.Value, ModelSection.Path, new ModelDraft(), context,
            (key, e, path) => OnSearchSpace(key, e, path, ModelSection.Path, d => d.Model, (d, v) => d with { Model = v }));
        var trainingEntry = entries.GetValueOrDefault("training");
        var training = TrainingSection.Table.Read(trainingEntry?.Value, TrainingSection.Path, new TrainingDraft(), context,
            (key, e, path) => OnSearchSpace(key, e, path, TrainingSection.Path, d => d.Training, (d, v) => d with { Training = v }));

        var effectiveTask = givenTask ?? DataSection.KnownTask(data.Dataset);
        var effectiveObjective = objective ?? ObjectiveSpec.DefaultFor(effectiveTask);
        var parameters = Resolve(drafts, model, modelEntry?.Value as SpecMapping, context);
        var search = SearchSection.Read(entries.GetValueOrDefault("search"), training.Options.MaxEpochs, parameters.Count, context);

        SearchSpace? space = null;
        if (!context.Errors.HasErrors)
        {
            try
            {
                space = new SearchSpace(parameters.Select(p => new SearchParameter(p.Path, p.Domain!,
                    p.Clauses.Count == 0 ? null : new SearchCondition(p.Clauses))));
            }
            catch (ArgumentException e)
            {
                context.Error("", e.Message); // a resolved space is consistent; this guards the resolver itself
            }
            if (space is not null) SweepBounds.Check(space, search, data, context);
        }
        context.Errors.ThrowIfAny(sourceName);

        var widthsKey = ModelSection.Table.Find("units")!;
        var dataMapping = entries.GetValueOrDefault("data")?.Value as SpecMapping;
        bool FixedData(string key) => dataMapping?.Find(key) is { } e && !SearchSpaceSyntax.TryGetKind(e.Value, out _);
        var sweep = new SweepSpec
        {
            Name = name,
            Seed = givenSeed ?? training.Options.Seed,
            Data = data,
            Task = effectiveTask,
            Objective = effectiveObjective,
            Model = model,
            Training = training,
            Space = space!,
            Search = search,
            SourceName = sourceName,
            Locations = context.Locations,
            GivenTask = givenTask,
            GivenSeed = givenSeed,
            TestGiven = dataMapping?.Find("test") is not null,
            InformativeFixed = FixedData("informative"),
            Bindings = parameters.ToDictionary(p => p.Path,
                p => new ParameterBinding(p.Path, p.Apply, p.Payloads, p.LayerIndex), StringComparer.Ordinal),
            ApplyLayerWidths = (SweepDraft d, object? widths, out SweepDraft result, out string? error) =>
            {
                var ok = widthsKey.TryApply(d.Model, widths, out var applied, out error);
                result = ok ? d with { Model = applied! } : d;
                return ok;
            },
        };

        SweepProbe.Check(sweep, parameters, context);
        context.Errors.ThrowIfAny(sourceName);
        return sweep;
    }

    private static T? ReadTop<T>(Dictionary<string, SpecEntry> entries, string key, SpecValueReader<T> reader, SpecContext context, out bool read)
    {
        read = false;
        if (!entries.TryGetValue(key, out var entry)) return default;
        if (SearchSpaceSyntax.TryGetKind(entry.Value, out var kind))
        {
            context.Error(key, entry.Value, $"takes a fixed value, not a search space ({{{kind}: ...}})");
            return default;
        }
        read = reader.TryRead(entry.Value, key, context, out var value);
        return read ? value : default;
    }

    /// <summary>
    /// Expands per-layer widths into model.units.1..N, resolves every <c>when</c> into condition
    /// clauses, reports unknown or unsearched keys and cycles, and returns the parameters in document
    /// order (layer widths in layer order at the place of units).
    /// </summary>
    private static List<ParameterDraft> Resolve(List<ParameterDraft> drafts, ModelDraft model, SpecMapping? modelMapping, SpecContext context)
    {
        var ordered = drafts.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        var parameters = new List<ParameterDraft>();
        foreach (var d in ordered)
        {
            if (d.PerLayer is null) parameters.Add(d);
            else parameters.AddRange(ExpandLayers(d, ordered, model, context));
        }
        CheckCapacityKeys(ordered, modelMapping, context);

        var byPath = parameters.ToDictionary(p => p.Path, StringComparer.Ordinal);
        var perLayer = ordered.FirstOrDefault(d => d.PerLayer is not null);
        foreach (var d in ordered)
        {
            if (d.When is not { Value: SpecMapping when } whenEntry) continue;
            var whenPath = SpecPath.Join(d.Path, SearchSpaceSyntax.When);
            var clauses = new List<ConditionClause>();
            foreach (var c in when.Entries)
            {
                var parentPath = c.Name.Contains('.') ? c.Name : SpecPath.Join(d.Section, c.Name);
                if (!byPath.TryGetValue(parentPath, out var parent))
                {
                    context.Error(whenPath, c.Key, UnsearchedMessage(c.Name, parentPath, perLayer, byPath.Keys));
                    continue;
                }
                if (ReadAllowed(parent, c, whenPath, context) is { } allowed) clauses.Add(new ConditionClause(parent.Path, allowed));
            }
            // A per-layer space's own condition applies to every layer's width.
            var targets = d.PerLayer is null ? [d] : parameters.Where(p => p.LayerIndex > 0).ToList();
            foreach (var t in targets) t.Clauses.InsertRange(0, clauses);
            foreach (var t in targets) context.Locations.Add(SpecPath.Join(t.Path, SearchSpaceSyntax.When), SpecLocation.Of(whenEntry.Key));
        }

        ReportCycles(parameters, context);
        return parameters;
    }

    private static string UnsearchedMessage(string written, string path, ParameterDraft? perLayer, IEnumerable<string> searched)
    {
        if (perLayer is not null && path == perLayer.Path)
            return $"{path} is searched per layer; name one layer's width ({path}.1, {path}.2, ...)";
        var section = path.Split('.')[0];
        var key = path[(section.Length + 1)..];
        var known = section switch
        {
            ModelSection.Path => ModelSection.Table.Find(key) is not null,
            TrainingSection.Path => TrainingSection.Table.Find(key) is not null,
            DataSection.Path => DataSection.Table.Find(key) is not null,
            _ => false,
        };
        if (known) return $"{path} is not searched; a condition names a searched key (one with a choice or an integer range)";
        var candidates = searched.ToList();
        return $"unknown key {written}{SpecSuggest.Hint(path, candidates)}; a condition names a searched key"
               + (candidates.Count > 0 ? $" ({string.Join(", ", candidates)})" : "");
    }

    /// <summary>The parent's values a <c>when</c> entry lists, checked against the parent's domain.</summary>
    private static List<ParamValue>? ReadAllowed(ParameterDraft parent, SpecEntry clause, string whenPath, SpecContext context)
    {
        var path = SpecPath.Join(whenPath, clause.Name);
        var items = clause.Value is SpecSequence seq ? seq.Items : [clause.Value];
        if (items.Count == 0)
        {
            context.Error(path, clause.Value, $"lists no values of {parent.Path}");
            return null;
        }
        var allowed = new List<ParamValue>();
        var ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var itemPath = clause.Value is SpecSequence ? SpecPath.Index(path, i) : path;
            switch (parent.Domain)
            {
                case ChoiceDomain choice:
                    var written = SweepParameterReader.ToParamValue(item, parent.Reader.Kind);
                    var scratch = new SpecContext(context.SourceName, context.BaseDirectory, context.Command);
                    var read = parent.Reader.TryReadValue(item, itemPath, scratch, out var payload);
                    var matches = choice.Values.Where(v => v.Equals(written) || (read && Equals(parent.Payloads[v], payload))).ToList();
                    if (matches.Count == 0)
                    {
                        context.Error(itemPath, item,
                            $"{SweepParameterReader.Flow(item)} is not one of the choices of {parent.Path} ({string.Join(", ", choice.Values)})");
                        ok = false;
                    }
                    allowed.AddRange(matches);
                    break;
                case IntDomain range:
                    if (SpecScalars.TryNumber(item, out var n) && n == Math.Floor(n) && n >= range.Lo && n <= range.Hi)
                        allowed.Add(ParamValue.Of((long)n));
                    else
                    {
                        context.Error(itemPath, item, $"must be an integer in [{range.Lo}, {range.Hi}], the range of {parent.Path} (got {item.Describe()})");
                        ok = false;
                    }
                    break;
                default:
                    context.Error(path, clause.Key,
                        $"{parent.Path} is a continuous range; a condition names a choice or an integer parameter");
                    return null;
            }
        }
        return ok ? allowed : null;
    }

    /// <summary>model.units.1..N for <c>units: {per_layer: ...}</c>, width i active when layers &gt;= i.</summary>
    private static IEnumerable<ParameterDraft> ExpandLayers(ParameterDraft units, List<ParameterDraft> drafts, ModelDraft model, SpecContext context)
    {
        var inner = units.PerLayer!;
        var layers = drafts.FirstOrDefault(d => d.Path == "model.layers");
        List<long> depths;
        if (layers?.Domain is IntDomain range) depths = Enumerable.Range(0, (int)Math.Min(range.Count, MaxPerLayerDepth + 1)).Select(i => range.Lo + i).ToList();
        else if (layers?.Domain is ChoiceDomain choice) depths = choice.Values.Where(v => v.Kind == ParamKind.Int).Select(v => v.AsInt).ToList();
        else if (layers is null && model.Layers is { } fixedLayers) depths = [fixedLayers];
        else
        {
            if (layers is null)
                context.Error(units.Path, $"per_layer needs model.layers, fixed or searched (e.g. layers: {{int: [1, 4]}})");
            yield break;
        }

        var deepest = depths.Count == 0 ? 0 : depths.Max();
        if (deepest > MaxPerLayerDepth)
        {
            context.Error("model.layers", $"per-layer widths support up to {MaxPerLayerDepth} layers (got up to {deepest})");
            yield break;
        }
        for (int i = 1; i <= deepest; i++)
        {
            var layer = new ParameterDraft
            {
                Path = $"{units.Path}.{i}",
                Section = units.Section,
                Reader = inner.Reader,
                Location = units.Location,
                LayerIndex = i,
                Domain = inner.Domain,
            };
            foreach (var (k, v) in inner.Payloads) layer.Payloads[k] = v;
            context.Locations.Add(layer.Path, inner.Location);
            if (layers is not null)
            {
                var allowed = layers.Domain is IntDomain
                    ? depths.Where(n => n >= i).Select(n => ParamValue.Of(n)).ToList()
                    : ((ChoiceDomain)layers.Domain!).Values.Where(v => v.Kind == ParamKind.Int && v.AsInt >= i).ToList();
                layer.Clauses.Add(new ConditionClause(layers.Path, allowed));
            }
            yield return layer;
        }
    }

    /// <summary>units and hidden exclude each other; a searched depth cannot go with a fixed list of widths.</summary>
    private static void CheckCapacityKeys(List<ParameterDraft> drafts, SpecMapping? model, SpecContext context)
    {
        if (model is null) return;
        bool Searched(string key) => drafts.Any(d => d.Path == $"model.{key}");
        bool Given(string key) => model.Find(key) is not null;
        if (Given("units") && Given("hidden") && (Searched("units") || Searched("hidden")))
            context.Error("model.hidden", "give units or hidden, not both");
        else if (Searched("layers"))
        {
            if (Given("hidden") && !Searched("hidden"))
                context.Error("model.layers", "is searched, but model.hidden fixes the widths; search the widths with units: {per_layer: ...}");
            else if (model.Find("units") is { Value: SpecSequence list })
                context.Error("model.layers",
                    $"is searched, but model.units lists {list.Items.Count} widths; give one width, or units: {{per_layer: ...}}");
        }
    }

    /// <summary>Reports each cycle of conditions once, at the <c>when</c> of its first parameter, and drops its clauses.</summary>
    private static void ReportCycles(List<ParameterDraft> parameters, SpecContext context)
    {
        var byPath = parameters.ToDictionary(p => p.Path, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the stack, 2: done
        var stack = new List<string>();
        foreach (var p in parameters) Visit(p.Path);

        void Visit(string path)
        {
            if (state.GetValueOrDefault(path) == 2) return;
            state[path] = 1;
            stack.Add(path);
            foreach (var parent in byPath[path].Clauses.Select(c => c.Parent).Distinct().ToList())
            {
                if (state.GetValueOrDefault(parent) == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(parent)).ToList();
                    var first = cycle.OrderBy(c => parameters.FindIndex(x => x.Path == c)).First();
                    context.Error(SpecPath.Join(first, SearchSpaceSyntax.When),
                        $"the conditions form a cycle: {string.Join(" -> ", cycle.Append(parent))}");
                    foreach (var c in cycle) byPath[c].Clauses.Clear();
                    continue;
                }
                Visit(parent);
            }
            stack.RemoveAt(stack.Count - 1);
            state[path] = 2;
        }
    }
}
