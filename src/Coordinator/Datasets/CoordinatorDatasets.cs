using Hpo.Coordinator.Persistence;
using Hpo.Engine.Data;
using Hpo.Worker.Datasets;

namespace Hpo.Coordinator.Datasets;

/// <summary>What became of an upload.</summary>
public enum UploadResult
{
    /// <summary>Checked and stored now.</summary>
    Stored,

    /// <summary>The same bytes were stored before: nothing changed.</summary>
    AlreadyStored,

    /// <summary>Over the size limit: nothing was kept.</summary>
    TooLarge,

    /// <summary>Empty or not a CSV file the sweeps can read: nothing was kept (<see cref="UploadOutcome.Error"/> says why).</summary>
    Invalid,
}

public sealed record UploadOutcome(UploadResult Result, StoredDataset? Dataset = null, string? Error = null);

/// <summary>
/// The coordinator's datasets: uploads checked and stored, content-addressed, in the journal's database
/// (<see cref="IDatasetStore"/>), and the coordinator's own copies (<c>datasets/&lt;hash&gt;.csv</c> under its data
/// directory, taken from the store when missing) that a sweep's data check reads.
/// </summary>
public sealed class CoordinatorDatasets
{
    /// <param name="store">The datasets.</param>
    /// <param name="dataDirectory">The coordinator's data directory: its copies and the uploads in progress live under it.</param>
    /// <param name="maxBytes">The largest upload (by default <see cref="DatasetLimits.MaxBytes"/>).</param>
    public CoordinatorDatasets(IDatasetStore store, string dataDirectory, long maxBytes = DatasetLimits.MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, DatasetLimits.MaxBytes);
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Copies = LocalDatasets.Under(dataDirectory, new StoredDatasetSource(store));
        MaxBytes = maxBytes;
    }

    /// <summary>The datasets of a coordinator whose journal is <paramref name="journal"/>, in the same database.</summary>
    public static CoordinatorDatasets For(JournalDatabase journal) =>
        new(new SqlDatasetStore(journal.Storage.Provider, journal.ConnectionString), journal.DataDirectory);

    public IDatasetStore Store { get; }

    /// <summary>This coordinator's copies of the stored datasets.</summary>
    public LocalDatasets Copies { get; }

    public long MaxBytes { get; }

    /// <summary>
    /// Receives an upload (at most <see cref="MaxBytes"/>, never buffered whole in memory), checks it as a sweep would
    /// read it with <paramref name="csv"/> (header, target and weight columns) and stores it, unless the same bytes are
    /// stored already. <paramref name="name"/> names the upload in error messages.
    /// </summary>
    public async Task<UploadOutcome> UploadAsync(Stream body, string name, CsvOptions csv, CancellationToken cancellation)
    {
        using var upload = await ReceivedUpload.ReceiveAsync(body, Copies.Directory, MaxBytes, cancellation).ConfigureAwait(false);
        if (upload is null) return new UploadOutcome(UploadResult.TooLarge, Error: TooLarge(name));
        if (upload.Bytes == 0) return new UploadOutcome(UploadResult.Invalid, Error: $"{name}: the upload is empty");
        if (await Store.FindAsync(upload.Id, cancellation).ConfigureAwait(false) is { } stored)
            return new UploadOutcome(UploadResult.AlreadyStored, stored);
        if (await Task.Run(() => Problem(upload.File, name, csv), cancellation).ConfigureAwait(false) is { } problem)
            return new UploadOutcome(UploadResult.Invalid, Error: problem);
        stored = await Store.AddAsync(upload.Id, upload.File, cancellation).ConfigureAwait(false);
        // The upload is this coordinator's copy: a sweep over it is checked without reading it back from the store.
        var copy = Copies.PathOf(upload.Id);
        if (!File.Exists(copy)) File.Move(upload.File, copy, overwrite: true);
        return new UploadOutcome(UploadResult.Stored, stored);
    }

    /// <summary>This coordinator's copy of <paramref name="id"/> (taken from the store when missing), or null when it is not stored.</summary>
    public string? CopyOf(DatasetId id)
    {
        try
        {
            return Copies.GetAsync(id).GetAwaiter().GetResult();
        }
        catch (DatasetMissingException)
        {
            return null;
        }
    }

    public string TooLarge(string name) =>
        $"{name}: a dataset may be at most {MaxBytes:N0} bytes{InUnits(MaxBytes)}; every trial holds the whole dataset in memory";

    /// <summary>Why the file cannot be read as a sweep would read it, or null: the CSV checks of <see cref="CsvLoader"/>.</summary>
    private static string? Problem(string file, string name, CsvOptions csv)
    {
        try
        {
            using var reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            CsvLoader.Load(reader, name, csv);
            return null;
        }
        catch (DataException e)
        {
            return e.Message;
        }
    }

    private static string InUnits(long bytes) => bytes switch
    {
        >= 1 << 30 => $" ({bytes / (double)(1 << 30):0.##} GiB)",
        >= 1 << 20 => $" ({bytes / (double)(1 << 20):0.##} MiB)",
        _ => "",
    };
}
