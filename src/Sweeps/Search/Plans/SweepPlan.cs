namespace Hpo.Sweeps.Search.Plans;

/// <summary>
/// The rung structure a scheduler kind implies for given options: its brackets, their milestone epochs and
/// (synchronous kinds) planned rung sizes, and how many of a rung's n results count as its top.
/// Fifo and median have one bracket whose only rung is the maximum epochs.
/// </summary>
public sealed class SweepPlan
{
    private SweepPlan(SchedulerKind kind, IReadOnlyList<BracketPlan> brackets, Func<int, int> quota)
    {
        Kind = kind;
        Brackets = brackets;
        Quota = quota;
    }

    public SchedulerKind Kind { get; }
    public IReadOnlyList<BracketPlan> Brackets { get; }

    /// <summary>How many of n results recorded in a rung are its top.</summary>
    public Func<int, int> Quota { get; }

    /// <summary>Synchronous brackets: rungs wait for all their trials; bracket ids name instances, cycling through <see cref="Brackets"/>.</summary>
    public bool IsSynchronous => Kind is SchedulerKind.SuccessiveHalving or SchedulerKind.Hyperband;

    /// <summary>Whether trials carry a bracket and rung results are recorded.</summary>
    public bool HasRungs => Kind is not (SchedulerKind.Fifo or SchedulerKind.Median);

    /// <summary>The plan of a trial's bracket (a sampled bracket id, or null for kinds without brackets).</summary>
    public BracketPlan BracketOf(int? bracket) => bracket switch
    {
        null => Brackets[0],
        int b when IsSynchronous => Brackets[b % Brackets.Count],
        int b => Brackets[b],
    };

    public static SweepPlan For(SchedulerOptions options)
    {
        options.EnsureValid();
        int eta = options.ReductionFactor;
        int min = options.MinEpochs, max = options.MaxEpochs;
        double units = max / (double)min;
        int sMax = HyperbandBrackets.MaxBracket(units, eta);
        switch (options.Kind)
        {
            case SchedulerKind.Fifo:
            case SchedulerKind.Median:
                return new SweepPlan(options.Kind, [new BracketPlan(0, [max])], n => n);

            case SchedulerKind.Asha:
            case SchedulerKind.AshaStop:
                {
                    int count = options.Brackets ?? 1;
                    var brackets = Enumerable.Range(0, count)
                        .Select(b => new BracketPlan(b, Geometric(min, max, eta, b, options.GracePeriod))).ToArray();
                    Func<int, int> quota = options.Kind == SchedulerKind.Asha ? n => n / eta : n => (n + eta - 1) / eta;
                    return new SweepPlan(options.Kind, brackets, quota);
                }

            case SchedulerKind.HyperbandAsync:
                {
                    int count = options.Brackets ?? sMax + 1;
                    var brackets = Enumerable.Range(0, count)
                        .Select(b => new BracketPlan(b, Geometric(min, max, eta, b, options.GracePeriod),
                            weight: HyperbandBrackets.Size(sMax - b, sMax, eta))).ToArray();
                    return new SweepPlan(options.Kind, brackets, n => n / eta);
                }

            case SchedulerKind.SuccessiveHalving:
                {
                    int[] ladder = Geometric(min, max, eta, 0, options.GracePeriod);
                    int last = ladder.Length - 1;
                    int[] sizes = new int[ladder.Length];
                    long size = 1;
                    for (int k = last; k >= 0; k--, size *= eta)
                        sizes[k] = (int)Math.Min(size, int.MaxValue);
                    return new SweepPlan(options.Kind, [new BracketPlan(0, ladder, sizes)], n => n);
                }

            case SchedulerKind.Hyperband:
                {
                    int count = options.Brackets ?? sMax + 1;
                    var brackets = new BracketPlan[count];
                    for (int i = 0; i < count; i++)
                    {
                        var hb = HyperbandBrackets.Bracket(sMax - i, sMax, units, eta);
                        int[] milestones = hb.Rungs.Select((r, k) => k == hb.Rungs.Count - 1
                            ? max
                            : (int)Math.Max(1, Math.Round(r.Resource * min, MidpointRounding.AwayFromZero))).ToArray();
                        brackets[i] = new BracketPlan(i, milestones, hb.Rungs.Select(r => r.Trials).ToArray());
                    }
                    return new SweepPlan(options.Kind, brackets, n => n);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown scheduler kind");
        }
    }

    /// <summary>Milestones min*eta^(s+k) below max that are at least <paramref name="grace"/>, then max.</summary>
    public static int[] Geometric(int min, int max, int eta, int s, int grace)
    {
        var milestones = new List<int>();
        long m = min;
        for (int i = 0; i < s && m < max; i++)
            m *= eta;
        for (; m < max; m *= eta)
        {
            if (m >= grace)
                milestones.Add((int)m);
        }
        milestones.Add(max);
        return milestones.ToArray();
    }
}
