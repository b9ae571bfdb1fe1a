namespace Hpo.Engine.Options;

/// <summary>
/// Training options that do not fit the data or the model (a batch larger than the training split, class weights
/// for another number of classes, a transfer source of other widths, pretraining without a hidden layer or one that
/// diverged): another attempt with the same plan and data would fail the same way.
/// </summary>
public sealed class TrainingSetupException(string message, Exception? inner = null) : HpoException(message, inner);
