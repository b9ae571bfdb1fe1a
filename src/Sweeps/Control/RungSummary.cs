namespace Hpo.Sweeps.Control;

/// <summary>A rung: its milestone epoch and how many trials reached it, wait there paused, or were promoted from it.</summary>
public sealed record RungSummary(int Rung, int Epochs, int Reached, int Paused, int Promoted);
