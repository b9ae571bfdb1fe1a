using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Reads a search space written for a key: <c>{choice: [...]}</c>, <c>{int: [lo, hi]}</c>,
/// <c>{logint: ...}</c>, <c>{uniform: ...}</c>, <c>{loguniform: ...}</c>, optionally with
/// <c>when: {...}</c>; for <c>model.units</c> also <c>{per_layer: SPACE}</c>. Every value the space can
/// give is checked with the key's own reader: each choice (at its own line), both ends of a range.
/// </summary>
internal static class SweepParameterReader
{
    public static ParameterDraft? Read(SpecEntry entry, string keyPath, string section, ISpecValueReader reader, SpecContext context,
        bool allowPerLayer)
    {
        var mapping = (SpecMapping)entry.Value;
        var allowed = SearchSpaceSyntax.Kinds.Append(SearchSpaceSyntax.When).ToList();
        if (allowPerLayer) allowed.Insert(SearchSpaceSyntax.Kinds.Count, SearchSpaceSyntax.PerLayer);

        var draft = new ParameterDraft { Path = keyPath, Section = section, Reader = reader, Location = SpecLocation.Of(entry.Value) };
        var ok = ReadEntries(mapping, keyPath, context, allowed, draft, outer: true, out var space);
        if (space is null)
            return null;
        if (space.Name == SearchSpaceSyntax.PerLayer)
        {
            if (!allowPerLayer)
            {
                context.Error(SpecPath.Join(keyPath, space.Name), space.Key, "applies to model.units only (one width per hidden layer)");
                return null;
            }
            var innerPath = SpecPath.Join(keyPath, SearchSpaceSyntax.PerLayer);
            if (space.Value is not SpecMapping inner || !SearchSpaceSyntax.TryGetKind(inner, out _))
            {
                context.Error(innerPath, space.Value,
                    $"must be a search space for each layer's width, e.g. {{choice: [32, 64, 128]}} or {{int: [16, 256]}} (got {space.Value.Describe()})");
                return null;
            }
            var layer = new ParameterDraft { Path = innerPath, Section = section, Reader = ModelBounds.Width, Location = SpecLocation.Of(inner) };
            ok &= ReadEntries(inner, innerPath, context, SearchSpaceSyntax.Kinds, layer, outer: false, out var innerSpace);
            if (innerSpace is null || !ReadDomain(innerSpace, innerPath, layer, context)) return null;
            draft.PerLayer = layer;
            return ok ? draft : null;
        }
        ok &= ReadDomain(space, keyPath, draft, context);
        return ok ? draft : null;
    }

    /// <summary>
    /// Finds the one space of a mapping and its <c>when</c>; reports unknown keys. On the outer level
    /// <c>per_layer</c> is taken on every key (so that the caller can say where it belongs), though
    /// listed as allowed only for units.
    /// </summary>
    private static bool ReadEntries(SpecMapping mapping, string keyPath, SpecContext context,
        IReadOnlyList<string> allowed, ParameterDraft draft, bool outer, out SpecEntry? space)
    {
        space = null;
        var ok = true;
        foreach (var e in mapping.Entries)
        {
            if (!allowed.Contains(e.Name) && !(outer && e.Name == SearchSpaceSyntax.PerLayer))
            {
                context.UnknownKey(e, keyPath, allowed);
                ok = false;
            }
            else if (e.Name == SearchSpaceSyntax.When)
            {
                if (e.Value is not SpecMapping { Entries.Count: > 0 })
                {
                    context.Error(SpecPath.Join(keyPath, e.Name), e.Value,
                        $"must map searched keys to the values that make this one active, e.g. {{training.optimizer: [momentum, nesterov]}} (got {e.Value.Describe()})");
                    ok = false;
                }
                else draft.When = e;
            }
            else if (space is not null)
            {
                context.Error(SpecPath.Join(keyPath, e.Name), e.Key, $"give one search space per key (got {space.Name} and {e.Name})");
                ok = false;
            }
            else space = e;
        }
        return ok;
    }

    private static bool ReadDomain(SpecEntry space, string keyPath, ParameterDraft draft, SpecContext context)
    {
        var kind = space.Name;
        var spacePath = SpecPath.Join(keyPath, kind);
        var reader = draft.Reader;
        if (kind == "choice") return ReadChoice(space.Value, spacePath, draft, context);

        bool integer = kind is "int" or "logint", log = kind is "logint" or "loguniform";
        var fits = integer ? reader.Kind == SpecValueKind.Integer : reader.Kind == SpecValueKind.Number;
        if (!fits)
        {
            context.Error(keyPath, space.Key, reader.Kind switch
            {
                SpecValueKind.Number => $"takes a real number; use {{uniform: [lo, hi]}} or {{loguniform: [lo, hi]}}, or a choice (got {{{kind}: ...}})",
                SpecValueKind.Integer => $"takes an integer; use {{int: [lo, hi]}} or {{logint: [lo, hi]}}, or a choice (got {{{kind}: ...}})",
                _ => $"takes {reader.Expected}; only {{choice: [...]}} fits it (got {{{kind}: ...}})",
            });
            return false;
        }

        if (space.Value is not SpecSequence { Items.Count: 2 } bounds)
        {
            context.Error(spacePath, space.Value, $"must be [lo, hi] (got {space.Value.Describe()}{(space.Value is SpecSequence s ? $" of {s.Items.Count}" : "")})");
            return false;
        }
        var ends = new double[2];
        var ok = true;
        for (int i = 0; i < 2; i++)
        {
            var item = bounds.Items[i];
            if (!SpecScalars.TryNumber(item, out ends[i]) || (integer && ends[i] != Math.Floor(ends[i])))
            {
                context.Error(SpecPath.Index(spacePath, i), item, $"must be {(integer ? "an integer" : "a number")} (got {item.Describe()})");
                ok = false;
            }
        }
        if (!ok) return false;
        var (lo, hi) = (ends[0], ends[1]);
        if (lo > hi)
        {
            context.Error(spacePath, bounds, $"lo ({SpecScalars.Show(lo)}) must be <= hi ({SpecScalars.Show(hi)})");
            return false;
        }
        if (log && (integer ? lo < 1 : lo <= 0))
        {
            context.Error(SpecPath.Index(spacePath, 0), bounds.Items[0],
                $"a log range needs lo {(integer ? ">= 1" : "> 0")} (got {SpecScalars.Show(lo)})");
            return false;
        }
        // The key's reader judges both ends; its bounds are intervals, so every value between passes too.
        for (int i = 0; i < 2; i++)
            ok &= reader.TryReadValue(bounds.Items[i], SpecPath.Index(spacePath, i), context, out _);
        if (!ok) return false;
        draft.Domain = integer ? SearchDomain.Int((long)lo, (long)hi, log) : SearchDomain.Float(lo, hi, log);
        return true;
    }

    private static bool ReadChoice(SpecNode node, string spacePath, ParameterDraft draft, SpecContext context)
    {
        if (node is not SpecSequence { Items.Count: > 0 } list)
        {
            context.Error(spacePath, node, node is SpecSequence
                ? "is an empty list; give at least one value"
                : $"must be a list of values (got {node.Describe()})");
            return false;
        }
        var values = new List<ParamValue>();
        var ok = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemPath = SpecPath.Index(spacePath, i);
            if (!draft.Reader.TryReadValue(item, itemPath, context, out var payload))
            {
                ok = false;
                continue;
            }
            var value = ToParamValue(item, draft.Reader.Kind);
            if (values.Contains(value) || draft.Payloads.Values.Any(p => Equals(p, payload)))
            {
                context.Error(itemPath, item, $"repeats the choice {value}");
                ok = false;
                continue;
            }
            values.Add(value);
            draft.Payloads[value] = payload;
            draft.ItemLocations.Add(SpecLocation.Of(item));
        }
        if (!ok) return false;
        draft.Domain = new ChoiceDomain(values);
        return true;
    }

    /// <summary>
    /// The value a configuration holds for a written choice: null, a number of the key's kind, a bool,
    /// a name, or (for a list or mapping) its text in flow style.
    /// </summary>
    public static ParamValue ToParamValue(SpecNode node, SpecValueKind kind)
    {
        if (node is not SpecScalar s) return ParamValue.Of(Flow(node));
        if (s.IsNull) return ParamValue.Null;
        switch (kind)
        {
            case SpecValueKind.Integer when SpecScalars.TryNumber(s, out var i) && i == Math.Floor(i) && Math.Abs(i) < 1e15:
                return ParamValue.Of((long)i);
            case SpecValueKind.Number when SpecScalars.TryNumber(s, out var d):
                return ParamValue.Of(d);
            case SpecValueKind.Boolean when SpecScalars.TryBool(s, out var b):
                return ParamValue.Of(b);
            default:
                return ParamValue.Of(s.Value);
        }
    }

    /// <summary>A node in YAML flow style: <c>[64, 32]</c>, <c>{kind: step, drop_every: 5}</c>.</summary>
    public static string Flow(SpecNode node) => node switch
    {
        SpecScalar { Quoted: true } s => $"\"{s.Value}\"",
        SpecScalar s => s.Value,
        SpecSequence q => $"[{string.Join(", ", q.Items.Select(Flow))}]",
        SpecMapping m => $"{{{string.Join(", ", m.Entries.Select(e => $"{e.Name}: {Flow(e.Value)}"))}}}",
        _ => node.Describe(),
    };

    /// <summary>Turns a sampled value into what the key readers accept: null, a bool, a long, a double or a string.</summary>
    public static object? ToPlain(ParamValue value) => value.Kind switch
    {
        ParamKind.Null => null,
        ParamKind.Bool => value.AsBool,
        ParamKind.Int => value.AsInt,
        ParamKind.Float => value.Number,
        _ => value.Text,
    };
}
