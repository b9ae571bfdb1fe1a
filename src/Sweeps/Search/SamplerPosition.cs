namespace Hpo.Sweeps.Search;

/// <summary>A sampler's saved state after <see cref="Draws"/> draws (configurations proposed or exhaustion found).</summary>
public sealed record SamplerPosition(int Draws, ulong[] State);
