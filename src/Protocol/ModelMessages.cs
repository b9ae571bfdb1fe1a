namespace Hpo.Protocol;

/// <summary>
/// Ask a node's <c>ModelServer</c> for a stored model (a trial's checkpoint, or a sweep's refit model): answered with
/// <see cref="ModelPart"/>s in order, or <see cref="ModelMissing"/>. How the best model is downloaded from a node
/// whose checkpoints are in its own directory.
/// </summary>
public sealed record FetchModel(string SweepId, int TrialId) : IProtocolMessage;

/// <summary>Part <see cref="Index"/> of <see cref="Count"/> of a stored model's bytes (parts stay under the remoting's frame size).</summary>
public sealed record ModelPart(string SweepId, int TrialId, int Epoch, int Index, int Count, byte[] Data) : IProtocolMessage;

/// <summary>The node has no such stored model (or cannot read it).</summary>
public sealed record ModelMissing(string SweepId, int TrialId, string Reason) : IProtocolMessage;
