namespace Hpo.Engine.Persistence;

/// <summary>A saved model whose hidden layers start a new session; <see cref="Name"/> is how errors name it (its path).</summary>
public sealed record TransferSource(string Name, TrainedModel Model);
