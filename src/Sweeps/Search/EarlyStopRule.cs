namespace Hpo.Sweeps.Search;

/// <summary>Per-trial early stopping: stop after <see cref="Patience"/> epochs without an improvement above <see cref="MinDelta"/>.</summary>
public sealed record EarlyStopRule(int Patience = 5, double MinDelta = 0.0);
