namespace Hpo.Sweeps.Search;

/// <summary>Bracket s of Hyperband: successive halving from n_0 configurations at r_0 up to the maximum resource.</summary>
public sealed record HyperbandBracket(int S, IReadOnlyList<HyperbandRung> Rungs);
