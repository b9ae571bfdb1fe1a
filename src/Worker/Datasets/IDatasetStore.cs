using Hpo.Engine.Data;
using Hpo.Node.Storage;
namespace Hpo.Worker.Datasets;

/// <summary>
/// Where the coordinator keeps uploaded datasets, content-addressed (<see cref="DatasetId"/>) and immutable: the
/// database its journal uses (<see cref="SqlDatasetStore"/>). Safe to call from several threads.
/// </summary>
public interface IDatasetStore
{
    /// <summary>Creates what the store needs (idempotent); throws <see cref="StorageUnavailableException"/>.</summary>
    Task InitializeAsync(CancellationToken cancellation = default);

    /// <summary>The dataset, or null when it is not stored (or only partly, by an upload that did not finish).</summary>
    Task<StoredDataset?> FindAsync(DatasetId id, CancellationToken cancellation = default);

    /// <summary>Chunk <paramref name="index"/> of a stored dataset, or null when there is no such chunk.</summary>
    Task<byte[]?> ReadChunkAsync(DatasetId id, int index, CancellationToken cancellation = default);

    /// <summary>
    /// Stores the bytes of <paramref name="file"/> as <paramref name="id"/>; the caller has checked that they hash to
    /// it. Storing an id that is stored already changes nothing and answers the stored one.
    /// </summary>
    Task<StoredDataset> AddAsync(DatasetId id, string file, CancellationToken cancellation = default);

    /// <summary>Every stored dataset, oldest first.</summary>
    Task<IReadOnlyList<StoredDataset>> ListAsync(CancellationToken cancellation = default);
}
