namespace Hpo.Sweeps.Search;

/// <summary>The spec's names for the schedulers.</summary>
public static class SchedulerKindNames
{
    private static readonly (string Name, SchedulerKind Kind)[] Names =
    [
        ("fifo", SchedulerKind.Fifo),
        ("sha", SchedulerKind.SuccessiveHalving),
        ("asha", SchedulerKind.Asha),
        ("asha_stop", SchedulerKind.AshaStop),
        ("hyperband", SchedulerKind.Hyperband),
        ("hyperband_async", SchedulerKind.HyperbandAsync),
        ("median", SchedulerKind.Median),
    ];

    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    public static string Name(this SchedulerKind kind) => Names.First(n => n.Kind == kind).Name;

    public static bool TryParse(string name, out SchedulerKind kind)
    {
        foreach (var n in Names)
        {
            if (n.Name == name)
            {
                kind = n.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
