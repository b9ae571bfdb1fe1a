using Hpo.Engine;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Search;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio and Kégl, 2011). The first
/// <see cref="TpeOptions.NStartup"/> configurations are random. After that the history is split at
/// the <see cref="TpeOptions.Gamma"/> quantile of the objective (best first, by the mode) into good and
/// bad trials; for each parameter, in order, a density l(x) is fitted to its good values and g(x) to
/// its bad ones, <see cref="TpeOptions.Candidates"/> candidates are drawn from l, and the one with the
/// highest l(x)/g(x) is taken. Numbers are modelled by truncated Gaussian mixtures (on the log scale
/// for log ranges; integers by the mass of their unit bin), choices by smoothed counts. A conditional
/// parameter is modelled only on the trials where it was active, and sampled only when its condition
/// holds for the values already chosen. A non-finite objective (a diverged trial) counts as the worst. Under a
/// halving scheduler the trials are compared at the highest rung enough of them reached (BOHB's rule).
/// Deterministic for a given seed and sequence of histories.
/// </summary>
public sealed class TpeSampler : IResumableSampler
{
    private readonly SearchSpace _space;
    private readonly ObjectiveMode _mode;
    private readonly RandomSampler _startup;
    private readonly Rng _rng;

    public TpeSampler(SearchSpace space, int seed, ObjectiveMode mode, TpeOptions? options = null)
    {
        Options = options ?? new TpeOptions();
        if (Options.Candidates < 1) throw new ArgumentOutOfRangeException(nameof(options), "candidates must be >= 1");
        if (Options.Gamma is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(options), "gamma must be in (0, 1)");
        _space = space;
        _mode = mode;
        _startup = new RandomSampler(space, seed);
        _rng = new Rng(unchecked(seed * 0x5DEECE66DL + 11));
    }

    public TpeOptions Options { get; }

    /// <summary>Its own generator's state, then its random start's.</summary>
    public ulong[] SaveState() => [.. _rng.ExportState(), .. _startup.SaveState()];

    public void RestoreState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 2 * Rng.StateLength)
            throw new ArgumentException($"a TPE sampler's state has {2 * Rng.StateLength} values, got {state.Length}", nameof(state));
        _rng.ImportState(state[..Rng.StateLength]);
        _startup.RestoreState(state[Rng.StateLength..]);
    }

    public TrialConfig Next(IReadOnlyList<TrialResult> history)
    {
        int needed = Math.Max(Options.NStartup, 2);
        if (history.Count < needed || _space.IsEmpty) return _startup.Next(history);

        var observed = Observations(history, needed);
        var ranked = Enumerable.Range(0, observed.Count)
            .OrderBy(i => Score(observed[i].Objective))
            .ThenBy(i => i)
            .Select(i => observed[i].Config)
            .ToList();
        int good = Math.Clamp((int)Math.Ceiling(Options.Gamma * ranked.Count), 1, ranked.Count - 1);
        var goodConfigs = ranked.Take(good).ToList();
        var badConfigs = ranked.Skip(good).ToList();

        var assigned = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        foreach (var p in _space.Parameters)
        {
            if (!p.IsActive(assigned)) continue;
            assigned[p.Path] = SampleParameter(p, ValuesOf(p, goodConfigs), ValuesOf(p, badConfigs));
        }
        return new TrialConfig(assigned);
    }

    /// <summary>
    /// What the densities are fitted to, as BOHB does (Falkner, Klein and Hutter, 2018): the trials that reached the
    /// highest rung that at least <paramref name="needed"/> trials reached, each by its objective at that rung's
    /// epoch, so configurations are compared on equal budgets and the model follows the longest-trained evidence
    /// once there is enough of it. With no rung reached by that many: every trial by its last objective.
    /// </summary>
    private static List<(TrialConfig Config, double Objective)> Observations(IReadOnlyList<TrialResult> history, int needed)
    {
        foreach (int epoch in history.SelectMany(r => r.Rungs.Select(x => x.Epoch)).Distinct().OrderDescending())
        {
            var at = new List<(TrialConfig, double)>();
            foreach (var r in history)
                foreach (var rung in r.Rungs)
                    if (rung.Epoch == epoch) at.Add((r.Config, rung.Objective));
            if (at.Count >= needed) return at;
        }
        return history.Select(r => (r.Config, r.Objective)).ToList();
    }

    /// <summary>Lower is better, whatever the mode; a non-finite objective is the worst.</summary>
    private double Score(double objective) =>
        !double.IsFinite(objective) ? double.PositiveInfinity : _mode == ObjectiveMode.Max ? -objective : objective;

    private static List<ParamValue> ValuesOf(SearchParameter p, List<TrialConfig> configs)
    {
        var values = new List<ParamValue>();
        foreach (var c in configs)
            if (c.TryGet(p.Path, out var v) && p.Domain.Contains(v)) values.Add(v);
        return values;
    }

    private ParamValue SampleParameter(SearchParameter p, List<ParamValue> good, List<ParamValue> bad) => p.Domain switch
    {
        ChoiceDomain choice => SampleChoice(choice, good, bad),
        IntDomain range => SampleInt(range, good, bad),
        FloatDomain range => SampleFloat(range, good, bad),
        _ => throw new NotSupportedException($"TPE cannot model the domain {p.Domain}"),
    };

    private ParamValue SampleChoice(ChoiceDomain domain, List<ParamValue> good, List<ParamValue> bad)
    {
        var l = new CategoricalParzen(good.Select(domain.IndexOf).ToList(), domain.Values.Count);
        var g = new CategoricalParzen(bad.Select(domain.IndexOf).ToList(), domain.Values.Count);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < Options.Candidates; c++)
        {
            int i = l.Sample(_rng);
            double score = l.LogProbability(i) - g.LogProbability(i);
            if (score > bestScore) (best, bestScore) = (i, score);
        }
        return domain.Values[best];
    }

    private ParamValue SampleInt(IntDomain domain, List<ParamValue> good, List<ParamValue> bad)
    {
        if (domain.Lo == domain.Hi) return ParamValue.Of(domain.Lo);
        double Work(double x) => domain.Log ? Math.Log(x) : x;
        double low = Work(domain.Lo - 0.5), high = Work(domain.Hi + 0.5);
        var l = new NumericParzen(good.Select(v => Work(v.AsInt)).ToList(), low, high);
        var g = new NumericParzen(bad.Select(v => Work(v.AsInt)).ToList(), low, high);
        long best = domain.Lo;
        double bestScore = double.NegativeInfinity;
        var scores = new Dictionary<long, double>(); // candidates often repeat an integer
        for (int c = 0; c < Options.Candidates; c++)
        {
            double x = l.Sample(_rng);
            long k = Math.Clamp((long)Math.Round(domain.Log ? Math.Exp(x) : x), domain.Lo, domain.Hi);
            if (!scores.TryGetValue(k, out var score))
            {
                double a = Math.Max(low, Work(k - 0.5)), b = Math.Min(high, Work(k + 0.5));
                scores[k] = score = l.LogMass(a, b) - g.LogMass(a, b);
            }
            if (score > bestScore) (best, bestScore) = (k, score);
        }
        return ParamValue.Of(best);
    }

    private ParamValue SampleFloat(FloatDomain domain, List<ParamValue> good, List<ParamValue> bad)
    {
        if (domain.Lo == domain.Hi) return ParamValue.Of(domain.Lo);
        double Work(double x) => domain.Log ? Math.Log(x) : x;
        double low = Work(domain.Lo), high = Work(domain.Hi);
        var l = new NumericParzen(good.Select(v => Work(v.Number)).ToList(), low, high);
        var g = new NumericParzen(bad.Select(v => Work(v.Number)).ToList(), low, high);
        double best = low, bestScore = double.NegativeInfinity;
        for (int c = 0; c < Options.Candidates; c++)
        {
            double x = l.Sample(_rng);
            double score = l.LogDensity(x) - g.LogDensity(x);
            if (score > bestScore) (best, bestScore) = (x, score);
        }
        return ParamValue.Of(Math.Clamp(domain.Log ? Math.Exp(best) : best, domain.Lo, domain.Hi));
    }
}
