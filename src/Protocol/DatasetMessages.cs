namespace Hpo.Protocol;

/// <summary>
/// Ask a coordinator's dataset server (<c>/user/hpo-datasets</c>) for chunk <see cref="Index"/> of an uploaded dataset
/// (<see cref="Dataset"/> is its <c>sha256:</c> id): answered with a <see cref="DatasetChunk"/> or <see cref="DatasetMissing"/>.
/// A worker asks for a few chunks at a time, so a large dataset never floods the link the cluster's heartbeats share.
/// </summary>
public sealed record FetchDatasetChunk(string Dataset, int Index) : IProtocolMessage;

/// <summary>Chunk <see cref="Index"/> of <see cref="Count"/> of a dataset of <see cref="Bytes"/> bytes.</summary>
public sealed record DatasetChunk(string Dataset, int Index, int Count, long Bytes, byte[] Data) : IProtocolMessage;

/// <summary>
/// The coordinator has no such dataset or no such chunk of it (<see cref="Reason"/> says which), or, with
/// <see cref="Retryable"/>, cannot read its store now.
/// </summary>
public sealed record DatasetMissing(string Dataset, string Reason, bool Retryable = false) : IProtocolMessage;
