using Hpo.TestSupport;
using Hpo.Worker.Checkpoints;
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
        Assert.Equal(Environment.ProcessorCount, new WorkerOptions().Slots);
        Assert.Equal(2 * 3, new WorkerOptions { Slots = 3 }.IdleModelsOrDefault);
        Assert.Equal(Path.Combine("data", ".hpo", "checkpoints"), new WorkerOptions { DataDirectory = "data" }.CheckpointDirectoryOrDefault);
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var cluster = new HpoClusterOptions
        {
            Port = 70000, SplitBrainStrategy = "keep-everyone", StableAfter = TimeSpan.Zero,
            Seeds = ["nonsense", "akka.tcp://other@127.0.0.1:4053", "akka.tcp://hpo@127.0.0.1:4053"],
        };
        var worker = new WorkerOptions { Slots = 0, DatasetCacheSize = 0, KeepModelsFor = TimeSpan.Zero, MaxIdleModels = -1, QueuedRungs = -1 };

        var errors = cluster.Validate().Concat(worker.Validate()).ToList();

        Assert.Contains(errors, e => e.Contains("Hpo:Cluster:Port"));
        Assert.Contains(errors, e => e.Contains("keep-everyone"));
        Assert.Contains(errors, e => e.Contains("StableAfter"));
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
    public void Flags_override_settings_and_seeds_repeat()
    {
        var flags = WorkerCommandLine.Parse(["--seed", "akka.tcp://hpo@127.0.0.1:4053", "--seed=akka.tcp://hpo@127.0.0.2:4053",
            "--port", "4060", "--hostname", "0.0.0.0", "--slots", "3", "--queue", "0", "--data-dir", "/data"])!;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:Slots"] = "8", ["Hpo:Worker:DatasetCacheSize"] = "2" })
            .AddInMemoryCollection(flags)
            .Build();

        var cluster = configuration.GetSection(HpoClusterOptions.Section).Get<HpoClusterOptions>()!;
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>()!;

        Assert.Equal(["akka.tcp://hpo@127.0.0.1:4053", "akka.tcp://hpo@127.0.0.2:4053"], cluster.Seeds);
        Assert.Equal((4060, "0.0.0.0"), (cluster.Port, cluster.Hostname));
        Assert.Equal((3, "/data", 2), (worker.Slots, worker.DataDirectory, worker.DatasetCacheSize));
        Assert.Equal((0, 0), (worker.QueuedRungs, worker.QueuedRungsOrDefault));
        Assert.Equal(8, new WorkerOptions { Slots = 8 }.QueuedRungsOrDefault);
    }

    [Theory]
    [InlineData("--slots", "many")]
    [InlineData("--port")]
    [InlineData("--colour", "blue")]
    [InlineData("stray")]
    public void Bad_flags_are_refused(params string[] args) =>
        Assert.Throws<UsageException>(() => WorkerCommandLine.Parse(args));

    [Fact]
    public void Help_is_not_an_error() => Assert.Null(WorkerCommandLine.Parse(["--help"]));

    [Fact]
    public void Registered_options_are_validated_and_a_store_is_provided()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:Slots"] = "0", ["Hpo:Worker:DataDirectory"] = "d" })
            .Build();
        using var services = new ServiceCollection().AddHpoWorkerOptions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WorkerOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("Slots"));
        Assert.Empty(services.GetRequiredService<IOptions<HpoClusterOptions>>().Value.Seeds);

        var good = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:CheckpointDirectory"] = "/tmp/hpo-ckpt" })
            .Build();
        using var goodServices = new ServiceCollection().AddHpoWorkerOptions(good).BuildServiceProvider();
        var store = Assert.IsType<DirectoryCheckpointStore>(goodServices.GetRequiredService<ICheckpointStore>());
        Assert.Equal("/tmp/hpo-ckpt", store.Root);
    }

    [Theory]
    [InlineData("sql", null, null, "CheckpointProvider must be set to postgresql or sqlite")]
    [InlineData("sql", "mysql", "Server=x", "CheckpointProvider must be postgresql or sqlite (is 'mysql')")]
    [InlineData("sql", "postgresql", null, "CheckpointConnectionString: the checkpoint connection string is empty")]
    [InlineData("sql", "postgresql", "Hots=db", "CheckpointConnectionString: the checkpoint connection string is not a postgresql connection string")]
    [InlineData("sql", "sqlite", "Data Source=:memory:", "CheckpointConnectionString: an in-memory sqlite database")]
    [InlineData("database", null, null, "CheckpointStore must be directory or sql (is 'database')")]
    [InlineData("directory", null, "Host=db", "CheckpointConnectionString is set but Hpo:Worker:CheckpointStore is directory")]
    public void Checkpoint_store_settings_are_checked_with_one_message_each(string store, string? provider, string? connection, string message)
    {
        var errors = new WorkerOptions { CheckpointStore = store, CheckpointProvider = provider, CheckpointConnectionString = connection }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("Hpo:Worker:", error);
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("sql", "postgresql", "Host=db.internal;Username=hpo;Password=p;Database=hpo")]
    [InlineData("SQL", "PostgreSQL", "Host=db.internal")]
    [InlineData("sql", "sqlite", "Data Source=/srv/hpo/checkpoints.db")]
    [InlineData("directory", null, null)]
    public void Good_checkpoint_store_settings_pass(string store, string? provider, string? connection) =>
        Assert.Empty(new WorkerOptions { CheckpointStore = store, CheckpointProvider = provider, CheckpointConnectionString = connection }.Validate());

    [Fact]
    public void A_bad_checkpoint_table_is_named() =>
        Assert.Contains("Hpo:Worker:CheckpointTable",
            Assert.Single(new WorkerOptions { CheckpointStore = "sql", CheckpointProvider = "sqlite", CheckpointConnectionString = "Data Source=x.db", CheckpointTable = "Bad-Name" }.Validate()));

    [Fact]
    public void Sql_settings_register_the_sql_store()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hpo:Worker:CheckpointStore"] = "sql",
                ["Hpo:Worker:CheckpointProvider"] = "postgresql",
                ["Hpo:Worker:CheckpointConnectionString"] = "Host=db.internal;Username=hpo;Password=p;Database=sweeps",
                ["Hpo:Worker:CheckpointTable"] = "ckpt",
            })
            .Build();
        using var services = new ServiceCollection().AddHpoWorkerOptions(configuration).BuildServiceProvider();

        var store = Assert.IsType<SqlCheckpointStore>(services.GetRequiredService<ICheckpointStore>());
        Assert.Equal((SqlCheckpointProvider.PostgreSql, "ckpt", "postgresql db.internal:5432/sweeps"), (store.Provider, store.Table, store.Target));
        Assert.Contains(services.GetServices<IHostedService>(), s => s.GetType().Name == "CheckpointStoreCheck");
    }

    [Fact]
    public void Checkpoint_flags_set_the_store_settings()
    {
        var flags = WorkerCommandLine.Parse(["--checkpoint-store", "sql", "--checkpoint-provider=postgresql",
            "--checkpoint-connection", "Host=db;Username=hpo;Database=hpo"])!;
        var worker = new ConfigurationBuilder().AddInMemoryCollection(flags).Build().GetSection(WorkerOptions.Section).Get<WorkerOptions>()!;

        Assert.Equal(("sql", "postgresql", "Host=db;Username=hpo;Database=hpo"),
            (worker.CheckpointStore, worker.CheckpointProvider, worker.CheckpointConnectionString));
        Assert.True(worker.UsesSqlCheckpoints);
        Assert.Empty(worker.Validate());
    }

    [Fact]
    public async Task A_host_with_an_unreachable_checkpoint_database_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hpo:Worker:CheckpointStore"] = "sql",
            ["Hpo:Worker:CheckpointProvider"] = "postgresql",
            ["Hpo:Worker:CheckpointConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=hpo;Password=p;Database=hpo;Timeout=5",
        });
        builder.Services.AddHpoWorkerOptions(builder.Configuration);
        using var host = builder.Build();

        var direct = await Assert.ThrowsAsync<CheckpointStoreUnavailableException>(() => HpoHosting.CheckCheckpointStoreAsync(host.Services));
        var started = await Assert.ThrowsAsync<CheckpointStoreUnavailableException>(() => host.StartAsync());

        Assert.StartsWith("cannot use the checkpoint database (postgresql 127.0.0.1:", direct.Message);
        Assert.Equal(direct.Message, started.Message);
    }
}
