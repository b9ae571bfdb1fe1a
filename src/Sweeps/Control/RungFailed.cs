namespace Hpo.Sweeps.Control;

/// <summary>
/// A node could not train a dispatch. <see cref="Retryable"/>: something on that node, another dispatch may succeed;
/// <see cref="HandedBack"/>: nothing failed, the node is leaving with the model stored; <see cref="Storage"/>: the
/// checkpoint store failed.
/// </summary>
public sealed record RungFailed(int TrialId, long Dispatch, string Error, string Node, bool Retryable, bool HandedBack, bool Storage);
