using Hpo.Coordinator.Tests.Cli;
using Hpo.Worker.Checkpoints;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// The README's own commands (`hpo serve` with no seed, `hpo worker --seed` the coordinator, one data directory): the
/// coordinator killed (SIGKILL) and then stopped (SIGTERM), each time started again with the same command. It founds
/// a new cluster each time; both workers leave their old one, join it and train again, and the record keeps every
/// epoch once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CoordinatorRestartTests(ITestOutputHelper output)
{
    /// <summary>
    /// Trials that outlast the test however fast the machine (it never waits for the end); more than the slots and the
    /// queues, so whichever worker joins a restarted coordinator first, the other finds work too.
    /// </summary>
    internal const string Sweep = """
        name: restarts
        seed: 8
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 64}
        training: {learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 32, max_epochs: 100000}
        search: {sampler: random, scheduler: fifo, max_trials: 6}
        """;

    [Fact]
    public async Task Workers_started_with_the_README_commands_train_again_after_the_coordinator_is_killed_and_after_it_is_stopped()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2) { CoordinatorSeedsWorkers = false };
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        var id = await cluster.Submit(Sweep);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var restart = new CoordinatorRestart(probe,
            cluster.Workers.Zip(cluster.WorkerHttpPorts, (w, port) => (w, $"http://127.0.0.1:{port}/metrics")).ToList(),
            () => cluster.Http, id, new DirectoryCheckpointStore(Path.Combine(cluster.DataDirectory, "checkpoints")));

        var afterKill = await restart.Run(() =>
        {
            cluster.Coordinator!.Kill9();
            return Task.CompletedTask;
        }, cluster.StartCoordinator, rejoins: 1);
        var afterStop = await restart.Run(async () =>
        {
            cluster.Coordinator!.Terminate();
            using var exit = new CancellationTokenSource(LocalCluster.Long);
            await cluster.Coordinator.WaitForExitAsync(exit.Token);
        }, cluster.StartCoordinator, rejoins: 2);
        long epochs = await restart.LeaveAndCount();

        output.WriteLine($"README commands: both workers trained again {afterKill.TotalSeconds:0.0} s after the killed coordinator was started again " +
                         $"and {afterStop.TotalSeconds:0.0} s after the stopped one; {epochs} epochs trained, each recorded once or held in its trial's checkpoint, none trained twice");
    }
}
