namespace Hpo.Worker.Datasets;

/// <summary>The bounds of an uploaded dataset and of its transfer (docs/datasets.md lists them with their reasons).</summary>
public static class DatasetLimits
{
    /// <summary>
    /// The largest dataset (1 GiB), the same cap as a CSV file a sweep reads from disk: every trial holds the whole
    /// dataset in memory, and the coordinator loads it once to check it.
    /// </summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>
    /// Bytes per stored chunk and per message of a transfer: base64 in the protocol's JSON stays well under the
    /// remoting's default frame of 128,000 bytes.
    /// </summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>The most chunks a dataset of <see cref="MaxBytes"/> has.</summary>
    public const int MaxChunks = (int)(MaxBytes / ChunkBytes);

    /// <summary>The chunks of a dataset of <paramref name="bytes"/> (an empty dataset has none).</summary>
    public static int ChunksOf(long bytes) => (int)((bytes + ChunkBytes - 1) / ChunkBytes);
}
