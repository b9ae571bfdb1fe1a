using System.Text;
using Hpo.Coordinator.Datasets;
using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Worker.Datasets;

namespace Hpo.Coordinator.Tests.Datasets;

/// <summary>An upload on its way into the store: the size cap, the CSV check, idempotence, the coordinator's copy.</summary>
public sealed class CoordinatorDatasetsTests : IAsyncLifetime
{
    private const string Csv = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n";
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-coordinator-datasets-").FullName;
    private SqlDatasetStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = new SqlDatasetStore(StorageProvider.Sqlite, $"Data Source={Path.Combine(_root, "journal.db")}");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private CoordinatorDatasets Datasets(long maxBytes = DatasetLimits.MaxBytes) => new(_store, _root, maxBytes);

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Files left in the datasets folder (uploads in progress would show here).</summary>
    private string[] Left() => Directory.GetFiles(Path.Combine(_root, LocalDatasets.Folder)).Select(Path.GetFileName).OfType<string>().ToArray();

    [Fact]
    public async Task An_upload_is_stored_under_its_hash_and_becomes_the_coordinators_copy()
    {
        var datasets = Datasets();

        var outcome = await datasets.UploadAsync(Body(Csv), "points.csv", new CsvOptions { Target = "label" }, CancellationToken.None);

        var id = DatasetId.Of(Encoding.UTF8.GetBytes(Csv));
        Assert.Equal(UploadResult.Stored, outcome.Result);
        Assert.Equal((id, (long)Csv.Length), (outcome.Dataset!.Id, outcome.Dataset.Bytes));
        Assert.Equal([id.FileName], Left());
        Assert.Equal(Csv, await File.ReadAllTextAsync(datasets.CopyOf(id)!));
    }

    [Fact]
    public async Task The_same_bytes_again_are_already_stored()
    {
        var datasets = Datasets();
        var first = await datasets.UploadAsync(Body(Csv), "points.csv", new CsvOptions(), CancellationToken.None);

        var second = await datasets.UploadAsync(Body(Csv), "other-name.csv", new CsvOptions(), CancellationToken.None);

        Assert.Equal(UploadResult.AlreadyStored, second.Result);
        Assert.Equal(first.Dataset, second.Dataset);
        Assert.Single(await _store.ListAsync());
    }

    [Fact]
    public async Task An_upload_one_byte_over_the_cap_is_too_large_and_leaves_nothing()
    {
        var datasets = Datasets(maxBytes: Csv.Length - 1);

        var outcome = await datasets.UploadAsync(Body(Csv), "points.csv", new CsvOptions(), CancellationToken.None);
        var exactly = await Datasets(maxBytes: Csv.Length).UploadAsync(Body(Csv), "points.csv", new CsvOptions(), CancellationToken.None);

        Assert.Equal(UploadResult.TooLarge, outcome.Result);
        Assert.Equal($"points.csv: a dataset may be at most {Csv.Length - 1:N0} bytes; every trial holds the whole dataset in memory", outcome.Error);
        Assert.Equal(UploadResult.Stored, exactly.Result);
        Assert.Single(await _store.ListAsync());
    }

    [Theory]
    [InlineData("", null, "points.csv: the upload is empty")]
    [InlineData("a,b,label\n1,2,x\n3,oops,y\n", null, "points.csv:3: column 2 (\"b\"): 'oops' is not a number")]
    [InlineData(Csv, "lable", "no target column named \"lable\"")]
    public async Task A_file_a_sweep_could_not_read_is_refused_with_the_loaders_message_and_not_stored(string text, string? target, string message)
    {
        var outcome = await Datasets().UploadAsync(Body(text), "points.csv", new CsvOptions { Target = target, Name = "points" }, CancellationToken.None);

        Assert.Equal(UploadResult.Invalid, outcome.Result);
        Assert.Contains(message, outcome.Error);
        Assert.Empty(await _store.ListAsync());
        Assert.Empty(Left());
    }

    [Fact]
    public async Task A_stored_dataset_without_a_local_copy_is_copied_from_the_store_and_an_unknown_one_has_none()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv);
        var upload = Path.Combine(_root, "elsewhere.csv");
        await File.WriteAllBytesAsync(upload, bytes);
        var id = DatasetId.Of(bytes);
        await _store.AddAsync(id, upload);

        var copy = Datasets().CopyOf(id);

        Assert.Equal(Path.Combine(_root, LocalDatasets.Folder, id.FileName), copy);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(copy!));
        Assert.Null(Datasets().CopyOf(DatasetId.Of([1, 2, 3])));
    }
}
