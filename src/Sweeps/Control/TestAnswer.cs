using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>
/// A worker evaluated a trial's model at <see cref="Epoch"/> on the test split (<see cref="Test"/>), or says why not;
/// <see cref="Stored"/>: the model is stored as the sweep's best model (or <see cref="StoreError"/> says why not).
/// </summary>
public sealed record TestAnswer(int TrialId, int Epoch, Evaluation? Test, string? Error, bool Stored, string? StoreError);
