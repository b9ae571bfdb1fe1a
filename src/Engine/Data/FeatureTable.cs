namespace Hpo.Engine.Data;

/// <summary>
/// Rows of numeric features read from a CSV for prediction, in the model's input order, with the names they were
/// matched by (when known) and a note for the user when the columns were read by position instead of by name.
/// </summary>
public sealed record FeatureTable(float[] Features, int Rows, int Columns, IReadOnlyList<string>? Names, string? Note);
