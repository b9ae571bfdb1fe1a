using System.Globalization;
using System.Text;
using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Datasets;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Datasets;

/// <summary>
/// A trial over an uploaded dataset, from the store through the chunk server's answers to a worker's cache and its
/// trainer, without the actors: it trains, reads its cache the second time, and fails once, with the cause, when the
/// dataset is not stored.
/// </summary>
public sealed class UploadedDatasetTrainingTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-uploaded-").FullName;
    private SqlDatasetStore _store = null!;

    public ValueTask InitializeAsync()
    {
        _store = new SqlDatasetStore(StorageProvider.Sqlite, $"Data Source={Path.Combine(_root, "coordinator", "journal.db")}");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Two noisy classes on a line, large enough to span several chunks.</summary>
    private static byte[] Csv()
    {
        var text = new StringBuilder("a,b,label\n");
        var random = new Random(3);
        for (int i = 0; i < 9000; i++)
        {
            int label = i % 2;
            text.Append(CultureInfo.InvariantCulture, $"{label + random.NextDouble():0.000000},{random.NextDouble():0.000000},{label}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private (TrialTrainer Trainer, LocalDatasets Local) Worker()
    {
        var local = LocalDatasets.Under(Path.Combine(_root, "worker"), new StoredDatasetSource(_store));
        var trainer = new TrialTrainer("node-a", new DatasetCache(null, local), new DirectoryCheckpointStore(Path.Combine(_root, "worker", "checkpoints")));
        return (trainer, local);
    }

    private static TrainTrial Rung(DatasetId id, int trial, string sweep = "s1") =>
        TestPlans.Rung(TestPlans.Moons(maxEpochs: 2) with { Data = new() { Csv = id.ToString(), Target = "label", Validation = 0.25 } }, 0, 2,
            sweep: sweep, trial: trial);

    [Fact]
    public async Task A_stored_dataset_is_fetched_into_the_worker_cache_once_and_trains()
    {
        var bytes = Csv();
        Assert.True(bytes.Length > 2 * DatasetLimits.ChunkBytes);
        var id = DatasetId.Of(bytes);
        var upload = Path.Combine(_root, "upload.csv");
        await File.WriteAllBytesAsync(upload, bytes);
        await _store.AddAsync(id, upload);
        var (trainer, local) = Worker();

        var first = await trainer.TrainAsync(Rung(id, 1), null, _ => { });
        var second = await trainer.TrainAsync(Rung(id, 2, sweep: "s2"), null, _ => { });

        Assert.IsType<RungCompleted>(first.Reply);
        Assert.IsType<RungCompleted>(second.Reply);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(local.PathOf(id)));
        Assert.Equal(1, local.Fetches);

        // A new worker process over the same data directory: the file is there, nothing is fetched.
        var (again, restarted) = Worker();
        Assert.IsType<RungCompleted>((await again.TrainAsync(Rung(id, 3), null, _ => { })).Reply);
        Assert.Equal(0, restarted.Fetches);
    }

    [Fact]
    public async Task A_dataset_the_coordinator_does_not_store_is_one_failure_with_its_cause_not_retried()
    {
        var id = DatasetId.Of(Csv());
        var (trainer, local) = Worker();

        var outcome = await trainer.TrainAsync(Rung(id, 1), null, _ => { });

        var failed = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.False(failed.Retryable);
        Assert.Equal($"dataset {id} cannot be fetched: the coordinator does not store it; upload it with POST /datasets or hpo submit", failed.Error);
        Assert.False(File.Exists(local.PathOf(id)));
    }
}
