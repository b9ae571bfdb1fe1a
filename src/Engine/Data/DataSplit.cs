namespace Hpo.Engine.Data;

// TEMPORARY until the data branch's splitter lands.
public sealed record DataSplit(Dataset Train, Dataset Validation, Dataset? Test = null);
