namespace Hpo.Sweeps.Control;

/// <summary>A node finished a dispatch at <see cref="Epoch"/> (or abandoned it after a release); <see cref="StopReason"/> says why it stopped short, if it did.</summary>
public sealed record RungEnded(int TrialId, long Dispatch, int Epoch, string? StopReason);
