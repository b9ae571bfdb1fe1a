using Hpo.Engine.Data;
namespace Hpo.Worker.Datasets;

/// <summary>Where a node fetches a dataset it lacks: the coordinators of the cluster (<c>ClusterDatasetSource</c>), or the store itself.</summary>
public interface IDatasetSource
{
    /// <summary>
    /// Writes the dataset's bytes to <paramref name="destination"/> in order and answers how many; throws
    /// <see cref="DatasetMissingException"/>, <see cref="DatasetCorruptException"/> or <see cref="DatasetUnavailableException"/>.
    /// The caller checks the hash.
    /// </summary>
    Task<long> CopyToAsync(DatasetId id, Stream destination, CancellationToken cancellation = default);
}

/// <summary>Told of every dataset a node fetched (its metrics).</summary>
public interface IDatasetFetchObserver
{
    void Fetched(DatasetId id, long bytes, TimeSpan took);
}
