namespace Hpo.Sweeps.Sharing;

/// <summary>A dispatch a node says it holds: training in a slot (<see cref="Started"/>) or waiting for one.</summary>
public sealed record HeldRung(string SweepId, int TrialId, long Dispatch, bool Started);
