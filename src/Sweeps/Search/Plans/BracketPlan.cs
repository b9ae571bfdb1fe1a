namespace Hpo.Sweeps.Search.Plans;

/// <summary>
/// A bracket's rungs: the milestone epochs at which results are recorded (ascending, the last being the
/// maximum epochs) and, for synchronous brackets, how many trials each rung is planned to hold.
/// </summary>
public sealed class BracketPlan
{
    public BracketPlan(int index, int[] milestones, int[]? sizes = null, int weight = 1)
    {
        if (milestones.Length == 0)
            throw new ArgumentException("a bracket needs at least one rung", nameof(milestones));
        for (int i = 1; i < milestones.Length; i++)
        {
            if (milestones[i] <= milestones[i - 1])
                throw new ArgumentException("milestones must increase", nameof(milestones));
        }
        if (sizes is not null && sizes.Length != milestones.Length)
            throw new ArgumentException("one size per rung", nameof(sizes));
        Index = index;
        Milestones = milestones;
        Sizes = sizes;
        Weight = weight;
    }

    public int Index { get; }
    public IReadOnlyList<int> Milestones { get; }

    /// <summary>Planned trials per rung (synchronous brackets only).</summary>
    public IReadOnlyList<int>? Sizes { get; }

    /// <summary>Relative share of new trials (asynchronous brackets).</summary>
    public int Weight { get; }

    public int RungCount => Milestones.Count;
    public int LastRung => Milestones.Count - 1;

    /// <summary>The rung whose milestone is <paramref name="epoch"/>, or -1.</summary>
    public int RungAt(int epoch)
    {
        for (int i = 0; i < Milestones.Count; i++)
        {
            if (Milestones[i] == epoch)
                return i;
            if (Milestones[i] > epoch)
                break;
        }
        return -1;
    }

    public override string ToString() =>
        Sizes is null
            ? $"bracket {Index}: epochs {string.Join(",", Milestones)}"
            : $"bracket {Index}: {string.Join(", ", Milestones.Select((m, i) => $"{Sizes[i]}x{m}"))}";
}
