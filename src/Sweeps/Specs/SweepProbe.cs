using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Checks at parse time what only shows once values are combined: the sweep's trials are built from
/// a few sampled configurations. When every probe fails, the sweep could never train a trial and the
/// errors all probes share are reported (they come from fixed keys, at their lines). A choice whose
/// value makes every probe that takes it fail at that very key (a classification loss for a
/// regression, say) is reported at the choice's line.
/// </summary>
internal static class SweepProbe
{
    private const int Probes = 32;
    private const int ProbesPerChoice = 4;
    private const int ProbeSeed = 20_111;

    public static void Check(SweepSpec sweep, IReadOnlyList<ParameterDraft> parameters, SpecContext context)
    {
        var space = sweep.Space;
        if (space.IsEmpty)
        {
            if (TryBuild(sweep, TrialConfig.Empty) is { } fixedErrors)
                foreach (var e in fixedErrors) context.Errors.Add(e);
            return;
        }

        var sampler = new RandomSampler(space, ProbeSeed);
        List<IReadOnlyList<SpecError>> failures = [];
        for (int i = 0; i < Probes; i++)
        {
            if (TryBuild(sweep, sampler.Next([])) is not { } errors) break;
            failures.Add(errors);
        }
        if (failures.Count == Probes)
        {
            var shared = failures[0].Where(e => failures.All(f => f.Any(x => x.Path == e.Path && x.Message == e.Message))).ToList();
            foreach (var e in shared.Count > 0 ? shared : failures[0]) context.Errors.Add(e);
            return;
        }

        var rng = new Hpo.Engine.Rng(ProbeSeed);
        var point = new double[space.Dimensions];
        foreach (var draft in parameters)
        {
            if (draft.Domain is not ChoiceDomain choice || draft.LayerIndex > 0) continue;
            int dimension = space.IndexOf(draft.Path);
            for (int i = 0; i < choice.Values.Count; i++)
            {
                var value = choice.Values[i];
                int tried = 0, failed = 0;
                SpecError? blame = null;
                for (int attempt = 0; attempt < 8 * ProbesPerChoice && tried < ProbesPerChoice; attempt++)
                {
                    for (int d = 0; d < point.Length; d++) point[d] = rng.NextDouble();
                    point[dimension] = (i + 0.5) / choice.Values.Count;
                    var config = space.FromUnitPoint(point);
                    if (!config.TryGet(draft.Path, out var taken) || !taken.Equals(value)) continue;
                    tried++;
                    var errors = TryBuild(sweep, config);
                    var own = errors?.FirstOrDefault(e => e.Path == draft.Path);
                    if (own is null) break;
                    failed++;
                    blame ??= own;
                }
                if (tried > 0 && failed == tried && blame is not null)
                {
                    var at = draft.ItemLocations[i];
                    context.Errors.Add(new SpecError(SpecPath.Index(SpecPath.Join(draft.Path, "choice"), i), at.Line, at.Column,
                        WithoutTrial(blame.Message)));
                }
            }
        }
    }

    private static IReadOnlyList<SpecError>? TryBuild(SweepSpec sweep, TrialConfig config)
    {
        try
        {
            sweep.Materialize(config);
            return null;
        }
        catch (SpecException e)
        {
            return e.Errors.Select(x => x with { Message = WithoutTrial(x.Message) }).ToList();
        }
    }

    private static string WithoutTrial(string message)
    {
        var cut = message.LastIndexOf(" (trial: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
