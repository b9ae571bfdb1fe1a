using Hpo.Node.Hosting;
using Hpo.Node.Storage;
using Hpo.TestSupport;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hpo.Worker.Tests.Hosting;

public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new HpoClusterOptions().Validate());
        Assert.Empty(new WorkerOptions().Validate());
        Assert.Empty(new StorageOptions().Validate());
        Assert.Equal(Environment.ProcessorCount, new WorkerOptions().Slots);
        Assert.Equal(2 * 3, new WorkerOptions { Slots = 3 }.IdleModelsOrDefault);
        Assert.Equal(Path.Combine("data", "checkpoints"), new WorkerOptions().CheckpointDirectoryIn("data"));
        Assert.Equal(8, new WorkerOptions { Slots = 8 }.QueuedRungsOrDefault);
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var cluster = new HpoClusterOptions
        {
            Port = 70000,
            StableAfter = TimeSpan.Zero,
            RejoinAfter = TimeSpan.FromSeconds(-1),
            Seeds = ["nonsense", "akka.tcp://other@127.0.0.1:4053", "akka.tcp://hpo@127.0.0.1:4053"],
        };
        var worker = new WorkerOptions { Slots = 0, DatasetCacheSize = 0, KeepModelsFor = TimeSpan.Zero, MaxIdleModels = -1, QueuedRungs = -1 };

        var errors = cluster.Validate().Concat(worker.Validate()).ToList();

        Assert.Contains(errors, e => e.Contains("Hpo:Cluster:Port"));
        Assert.Contains(errors, e => e.Contains("StableAfter"));
        Assert.Contains(errors, e => e.Contains("Hpo:Cluster:RejoinAfter"));
        Assert.Contains(errors, e => e.Contains("'nonsense'"));
        Assert.Contains(errors, e => e.Contains("'other'"));
        Assert.DoesNotContain(errors, e => e.Contains("hpo@127.0.0.1:4053'"));
        Assert.Contains(errors, e => e.Contains("Hpo:Worker:Slots"));
        Assert.Contains(errors, e => e.Contains("DatasetCacheSize"));
        Assert.Contains(errors, e => e.Contains("KeepModelsFor"));
        Assert.Contains(errors, e => e.Contains("MaxIdleModels"));
        Assert.Contains(errors, e => e.Contains("Hpo:Worker:QueuedRungs"));
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void A_flag_beats_the_environment_which_beats_appsettings_which_beats_the_default()
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, "appsettings.json"),
            """{ "Hpo": { "Worker": { "Slots": 3, "QueuedRungs": 5, "DatasetCacheSize": 7 } } }""");
        var environment = new Dictionary<string, string> { ["HPO__WORKER__SLOTS"] = "4", ["HPO__WORKER__QUEUEDRUNGS"] = "6", ["PATH"] = "/bin" };
        var flags = new Dictionary<string, string?> { ["Hpo:DataDirectory"] = data.Path, ["Hpo:Worker:Slots"] = "5" };

        var settings = NodeSettings.Load(HpoConfiguration.Build(flags, environment: environment));

        Assert.Equal(5, settings.Worker.Slots);            // the flag
        Assert.Equal(6, settings.Worker.QueuedRungs);      // the environment
        Assert.Equal(7, settings.Worker.DatasetCacheSize); // appsettings.json in the data directory
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Worker.KeepModelsFor);
        Assert.Equal(data.Path, settings.DataDirectory);
    }

    [Fact]
    public void The_data_directory_can_come_from_the_environment_and_its_settings_file_is_read()
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, "appsettings.json"), """{ "Hpo": { "Cluster": { "Port": 4999 } } }""");
        var environment = new Dictionary<string, string> { ["HPO__DATADIRECTORY"] = data.Path };

        var settings = NodeSettings.Load(HpoConfiguration.Build(new Dictionary<string, string?>(), environment: environment));

        Assert.Equal((data.Path, 4999), (settings.DataDirectory, settings.Cluster.Port));
    }

    [Theory]
    [InlineData("Hpo:Worker:Slots", "many", "Hpo:Worker:Slots: 'many' is not a whole number")]
    [InlineData("Hpo:Storage:Provider", "mysql", "Hpo:Storage:Provider: 'mysql' is not one of sqlite, postgresql")]
    [InlineData("Hpo:Worker:CheckpointStore", "sql", "Hpo:Worker:CheckpointStore: 'sql' is not one of directory, database")]
    [InlineData("Hpo:Worker:Simulate", "yes", "Hpo:Worker:Simulate: 'yes' is not true or false")]
    [InlineData("Hpo:Cluster:StableAfter", "soon", "Hpo:Cluster:StableAfter: 'soon' is not a duration")]
    [InlineData("Hpo:Cluster:SplitBrainStrategy", "keep-everyone", "Hpo:Cluster:SplitBrainStrategy: 'keep-everyone' is not one of keepmajority, keepoldest")]
    [InlineData("Hpo:Worker:Slots", "0", "Hpo:Worker:Slots must be between 1 and 4096 (is 0)")]
    [InlineData("Hpo:Storage:ConnectionString", "Data Source=:memory:", "Hpo:Storage:ConnectionString: an in-memory sqlite database")]
    public void A_bad_setting_is_one_message_naming_its_key(string key, string value, string message)
    {
        var configuration = HpoConfiguration.Build(new Dictionary<string, string?> { [key] = value }, environment: new Dictionary<string, string>());

        var error = Assert.Throws<SettingsException>(() => NodeSettings.Load(configuration));

        Assert.StartsWith("bad settings: ", error.Message);
        Assert.Contains(message, Assert.Single(error.Problems));
    }

    [Fact]
    public void A_malformed_settings_file_is_a_bad_setting()
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, "appsettings.json"), "{ \"Hpo\": { \"Worker\": ");

        var error = Assert.Throws<SettingsException>(() =>
            HpoConfiguration.Build(new Dictionary<string, string?> { ["Hpo:DataDirectory"] = data.Path }, environment: new Dictionary<string, string>()));

        Assert.Contains("appsettings.json", error.Message);
    }

    [Theory]
    [InlineData(StorageProvider.PostgreSql, null, "Hpo:Storage:ConnectionString: the connection string is empty")]
    [InlineData(StorageProvider.PostgreSql, "Hots=db", "the connection string is not a postgresql connection string")]
    [InlineData(StorageProvider.Sqlite, "Data Source=:memory:", "an in-memory sqlite database")]
    public void Storage_settings_are_checked_with_one_message_each(StorageProvider provider, string? connection, string message) =>
        Assert.Contains(message, Assert.Single(new StorageOptions { Provider = provider, ConnectionString = connection }.Validate()));

    [Fact]
    public void A_bad_checkpoint_table_is_named() =>
        Assert.Contains("Hpo:Worker:CheckpointTable",
            Assert.Single(new WorkerOptions { CheckpointStore = CheckpointStoreKind.Database, CheckpointTable = "Bad-Name" }.Validate()));

    [Fact]
    public void Registered_options_are_validated_and_a_store_is_provided()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:Slots"] = "0" })
            .Build();
        using var services = new ServiceCollection().AddHpoSettings(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WorkerOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("Slots"));
        Assert.Empty(services.GetRequiredService<IOptions<HpoClusterOptions>>().Value.Seeds);

        var good = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:CheckpointDirectory"] = "/tmp/hpo-ckpt" })
            .Build();
        using var goodServices = new ServiceCollection().AddHpoSettings(good).BuildServiceProvider();
        var store = Assert.IsType<DirectoryCheckpointStore>(goodServices.GetRequiredService<ICheckpointStore>());
        Assert.Equal("/tmp/hpo-ckpt", store.Root);
    }

    [Fact]
    public void Database_checkpoints_go_to_the_storage_database()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hpo:Worker:CheckpointStore"] = "database",
                ["Hpo:Storage:Provider"] = "postgresql",
                ["Hpo:Storage:ConnectionString"] = "Host=db.internal;Username=hpo;Password=p;Database=sweeps",
                ["Hpo:Worker:CheckpointTable"] = "ckpt",
            })
            .Build();
        using var services = new ServiceCollection().AddHpoSettings(configuration).BuildServiceProvider();

        var store = Assert.IsType<SqlCheckpointStore>(services.GetRequiredService<ICheckpointStore>());
        Assert.Equal((StorageProvider.PostgreSql, "ckpt", "PostgreSQL db.internal:5432/sweeps"), (store.Provider, store.Table, store.Target));
        Assert.Contains(services.GetServices<IHostedService>(), s => s.GetType().Name == "CheckpointStoreCheck");
    }

    [Fact]
    public void Sqlite_database_checkpoints_share_the_journal_file_in_the_data_directory()
    {
        var storage = new StorageOptions();
        var store = Assert.IsType<SqlCheckpointStore>(
            WorkerHosting.CreateCheckpointStore(new WorkerOptions { CheckpointStore = CheckpointStoreKind.Database }, "/srv/hpo", storage));
        Assert.Equal("SQLite /srv/hpo/journal.db", store.Target);
        store.Dispose();
    }

    [Fact]
    public async Task A_host_with_an_unreachable_checkpoint_database_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hpo:Worker:CheckpointStore"] = "database",
            ["Hpo:Storage:Provider"] = "postgresql",
            ["Hpo:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=hpo;Password=p;Database=hpo;Timeout=5",
        });
        builder.Services.AddHpoSettings(builder.Configuration);
        using var host = builder.Build();

        var direct = await Assert.ThrowsAsync<StorageUnavailableException>(() => WorkerHosting.CheckCheckpointStoreAsync(host.Services));
        var started = await Assert.ThrowsAsync<StorageUnavailableException>(() => host.StartAsync());

        Assert.StartsWith("cannot use the checkpoint database (PostgreSQL 127.0.0.1:", direct.Message);
        Assert.Equal(direct.Message, started.Message);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hpo-settings-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
