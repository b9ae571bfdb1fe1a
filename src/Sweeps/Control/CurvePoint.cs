namespace Hpo.Sweeps.Control;

/// <summary>One epoch of a trial's learning curve; <see cref="At"/> is when the coordinator recorded it (null when not known).</summary>
public sealed record CurvePoint(int Epoch, double Objective, double? TrainLoss, double? ValidationLoss, double? SamplesPerSecond, DateTimeOffset? At = null);
