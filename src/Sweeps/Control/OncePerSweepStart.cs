namespace Hpo.Sweeps.Control;

/// <summary>How a once-per-sweep order begins: the order to step, or (when it cannot be made) the outcome to record at once.</summary>
public sealed record OncePerSweepStart(OncePerSweepOrder? Order, object? Record);
