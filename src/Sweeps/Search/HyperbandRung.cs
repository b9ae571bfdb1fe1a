namespace Hpo.Sweeps.Search;

/// <summary>A rung of a Hyperband bracket: <paramref name="Trials"/> configurations trained with <paramref name="Resource"/> units each.</summary>
public readonly record struct HyperbandRung(int Trials, double Resource);
