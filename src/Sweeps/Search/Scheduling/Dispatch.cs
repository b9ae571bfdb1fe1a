namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>Train <paramref name="Trial"/> with <paramref name="Config"/> from its checkpoint at <paramref name="FromEpoch"/> (0: from scratch) through <paramref name="ToEpoch"/>.</summary>
public sealed record Dispatch(int Trial, TrialConfig Config, int FromEpoch, int ToEpoch);
