namespace Hpo.Sweeps.Search.Scheduling;

/// <param name="Trial">The trial to promote (Promote).</param>
/// <param name="Bracket">The new trial's bracket (StartNew; null for kinds without brackets).</param>
/// <param name="ToEpoch">The epoch the dispatch trains up to.</param>
public readonly record struct SlotDecision(SlotAction Action, int Trial = -1, int? Bracket = null, int ToEpoch = 0)
{
    public static SlotDecision Promote(int trial, int toEpoch) => new(SlotAction.Promote, trial, null, toEpoch);
    public static SlotDecision StartNew(int? bracket, int toEpoch) => new(SlotAction.StartNew, -1, bracket, toEpoch);
    public static SlotDecision Wait => new(SlotAction.Wait);
    public static SlotDecision Finished => new(SlotAction.Finished);
}
