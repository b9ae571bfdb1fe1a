using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Worker.Datasets;
using Hpo.Worker.Tests.Checkpoints;

namespace Hpo.Worker.Tests.Datasets;

/// <summary>The dataset store on a real PostgreSQL server, as coordinators of a cluster share it.</summary>
[Trait("Category", "Integration")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresDatasetStoreTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-pg-datasets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Coordinators_starting_at_once_share_one_store_and_a_dataset_uploaded_to_one_reads_back_from_another()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlDatasetStore(StorageProvider.PostgreSql, postgres.Server.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            var bytes = Enumerable.Range(0, DatasetLimits.ChunkBytes + 99).Select(i => (byte)(i * 13)).ToArray();
            var id = DatasetId.Of(bytes);
            var file = Path.Combine(_root, "upload.csv");
            await File.WriteAllBytesAsync(file, bytes);

            var stored = await stores[0].AddAsync(id, file);
            var again = await stores[1].AddAsync(id, file);

            Assert.Equal((id, (long)bytes.Length, 2), (stored.Id, stored.Bytes, stored.Chunks));
            Assert.Equal(stored, again);
            Assert.Equal(stored, await stores[2].FindAsync(id));
            var back = (await stores[3].ReadChunkAsync(id, 0))!.Concat((await stores[3].ReadChunkAsync(id, 1))!);
            Assert.Equal(bytes, back.ToArray());
            Assert.Contains(stored, await stores[3].ListAsync());
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }
}
