using Hpo.Worker.Checkpoints;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        var worker = new WorkerOptions { Slots = 0, DatasetCacheSize = 0, KeepModelsFor = TimeSpan.Zero, MaxIdleModels = -1 };

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
        Assert.Equal(9, errors.Count);
    }

    [Fact]
    public void Flags_override_settings_and_seeds_repeat()
    {
        var flags = WorkerCommandLine.Parse(["--seed", "akka.tcp://hpo@127.0.0.1:4053", "--seed=akka.tcp://hpo@127.0.0.2:4053",
            "--port", "4060", "--hostname", "0.0.0.0", "--slots", "3", "--data-dir", "/data"])!;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hpo:Worker:Slots"] = "8", ["Hpo:Worker:DatasetCacheSize"] = "2" })
            .AddInMemoryCollection(flags)
            .Build();

        var cluster = configuration.GetSection(HpoClusterOptions.Section).Get<HpoClusterOptions>()!;
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>()!;

        Assert.Equal(["akka.tcp://hpo@127.0.0.1:4053", "akka.tcp://hpo@127.0.0.2:4053"], cluster.Seeds);
        Assert.Equal((4060, "0.0.0.0"), (cluster.Port, cluster.Hostname));
        Assert.Equal((3, "/data", 2), (worker.Slots, worker.DataDirectory, worker.DatasetCacheSize));
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
}
