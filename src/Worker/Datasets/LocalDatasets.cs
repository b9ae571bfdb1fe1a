using System.Collections.Concurrent;
using System.Diagnostics;
using Hpo.Engine.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hpo.Worker.Datasets;

/// <summary>
/// A node's copies of uploaded datasets, as <c>&lt;hash&gt;.csv</c> files in one directory (<c>datasets/</c> under its
/// data directory). A dataset the directory lacks is fetched from the <see cref="IDatasetSource"/> once, however many
/// trials ask for it at once, into a temporary file that becomes <c>&lt;hash&gt;.csv</c> only when its bytes hash to the
/// id; so a file of that name is always whole and right, and is read from then on without asking anyone.
/// </summary>
public sealed class LocalDatasets
{
    /// <summary>The folder under a data directory.</summary>
    public const string Folder = "datasets";

    private readonly IDatasetSource _source;
    private readonly ILogger _log;
    private readonly IDatasetFetchObserver? _observer;
    private readonly ConcurrentDictionary<DatasetId, Lazy<Task<string>>> _fetching = new();
    private long _fetches;
    private long _fetchedBytes;

    public LocalDatasets(string directory, IDatasetSource source, ILogger? log = null, IDatasetFetchObserver? observer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _log = log ?? NullLogger.Instance;
        _observer = observer;
    }

    /// <summary>The local datasets of a node whose data directory is <paramref name="dataDirectory"/>.</summary>
    public static LocalDatasets Under(string dataDirectory, IDatasetSource source, ILogger? log = null, IDatasetFetchObserver? observer = null) =>
        new(Path.Combine(dataDirectory, Folder), source, log, observer);

    public string Directory { get; }

    /// <summary>Datasets fetched since this node started.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>Bytes fetched since this node started.</summary>
    public long FetchedBytes => Interlocked.Read(ref _fetchedBytes);

    /// <summary>Where <paramref name="id"/> is kept here (whether or not it is yet).</summary>
    public string PathOf(DatasetId id) => Path.Combine(Directory, id.FileName);

    /// <summary>The local file of <paramref name="id"/>, fetched first when this node lacks it.</summary>
    public Task<string> GetAsync(DatasetId id, CancellationToken cancellation = default)
    {
        var path = PathOf(id);
        if (File.Exists(path)) return Task.FromResult(path);
        // One fetch per dataset at a time; it outlives a waiter that gives up, and a failed one is tried again by the next.
        var fetch = _fetching.GetOrAdd(id, key => new Lazy<Task<string>>(() => Task.Run(() => FetchOnceAsync(key), CancellationToken.None)));
        return fetch.Value.WaitAsync(cancellation);
    }

    /// <summary>
    /// <paramref name="options"/> with a dataset id in <c>Csv</c> replaced by its local file (fetched when missing);
    /// other options as they are. Blocks while fetching (called where a dataset is loaded, on a training thread).
    /// </summary>
    public DataOptions Resolve(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!DatasetId.LooksLikeId(options.Csv)) return options;
        if (!DatasetId.TryParse(options.Csv, out var id))
            throw new DataException($"data.csv: '{options.Csv}' is not a dataset id ({DatasetId.Syntax})");
        return options with { Csv = GetAsync(id).GetAwaiter().GetResult() };
    }

    private async Task<string> FetchOnceAsync(DatasetId id)
    {
        try
        {
            return await FetchAsync(id).ConfigureAwait(false);
        }
        finally
        {
            _fetching.TryRemove(id, out _);
        }
    }

    private async Task<string> FetchAsync(DatasetId id)
    {
        var path = PathOf(id);
        if (File.Exists(path)) return path;
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $"{id.Hex}.{Guid.NewGuid():N}.part");
        var clock = Stopwatch.StartNew();
        try
        {
            long bytes;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, DatasetLimits.ChunkBytes, useAsync: true))
                bytes = await _source.CopyToAsync(id, file).ConfigureAwait(false);
            var actual = await DatasetId.OfFileAsync(temporary).ConfigureAwait(false);
            if (actual != id) throw new DatasetCorruptException(id, $"its {bytes:N0} bytes hash to {actual}");
            File.Move(temporary, path, overwrite: true);
            Interlocked.Increment(ref _fetches);
            Interlocked.Add(ref _fetchedBytes, bytes);
            _observer?.Fetched(id, bytes, clock.Elapsed);
            _log.LogInformation("Dataset {Dataset}: fetched {Bytes:N0} bytes in {Seconds:0.0} s into {Path}", id, bytes, clock.Elapsed.TotalSeconds, path);
            return path;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
