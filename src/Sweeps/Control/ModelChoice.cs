namespace Hpo.Sweeps.Control;

/// <summary>Where the sweep's model is (<see cref="Source"/>, at <see cref="Epoch"/>), or why none is the one its objective describes.</summary>
public sealed record ModelChoice(ModelSource Source, int Epoch, string? NotStored);
