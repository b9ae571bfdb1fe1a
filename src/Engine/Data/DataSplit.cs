namespace Hpo.Engine.Data;

/// <summary>
/// Training, validation and optional test parts of a dataset. <see cref="Validation"/> has 0 samples
/// when no validation was requested; <see cref="Test"/> is null when there is no test part.
/// </summary>
public sealed record DataSplit(Dataset Train, Dataset Validation, Dataset? Test);
