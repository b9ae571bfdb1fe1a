namespace Hpo.Sweeps.Search;

/// <summary>A trial's objective at the end of one of its rungs.</summary>
public readonly record struct RungResult(int Epoch, double Objective);
