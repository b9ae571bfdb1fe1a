namespace Hpo.Sweeps.Search;

/// <summary>
/// Per-trial early stopping: stop after <see cref="Patience"/> epochs without an improvement above <see cref="MinDelta"/>.
/// The sweep's rule on a trial's reported objective (applied by <c>EarlyStoppingRule</c>), not the trainer's own
/// <c>Hpo.Engine.Options.EarlyStoppingOptions</c> (monitor, mode, restore best weights).
/// </summary>
public sealed record TrialPatience(int Patience = 5, double MinDelta = 0.0);
