namespace Hpo.Engine.Data;

/// <summary>A dataset with its official, separate test set.</summary>
public sealed record TrainTestSets(Dataset Train, Dataset Test);
