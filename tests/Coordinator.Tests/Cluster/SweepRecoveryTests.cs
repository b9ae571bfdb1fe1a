using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;
using Hpo.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Hpo.Coordinator.Tests.Cluster;

/// <summary>
/// Kill and recover: a host runs a sweep until its fake worker goes silent, the host is disposed, and a new
/// host on the same SQLite journal recovers the registry and the sweep, which resumes and finishes.
/// </summary>
public sealed class SweepRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hpo-recovery-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private sealed class Coordinator : IAsyncDisposable
    {
        private readonly IHost _host;

        private Coordinator(IHost host, IActorRef registry)
        {
            _host = host;
            Registry = registry;
        }

        public IActorRef Registry { get; }

        public static Task<Coordinator> StartAsync(string dir, TrainLog log, int answer) =>
            StartAsync(new JournalDatabase { DataDirectory = dir }, log, answer);

        public static async Task<Coordinator> StartAsync(JournalDatabase journal, TrainLog log, int answer)
        {
            IActorRef registry = ActorRefs.Nobody;
            var host = new HostBuilder()
                .ConfigureServices(s => s.AddAkka("recovery", b => b
                    .WithHpoPersistence(journal)
                    .WithActors((system, _) =>
                    {
                        var trainer = system.ActorOf(FakeTrainer.Props("node-a", log, answer), "trainer");
                        registry = system.ActorOf(SweepRegistry.Props(trainer,
                            new SweepRegistryOptions { CapacityTopic = null, FollowCluster = false }), "sweeps");
                        registry.Tell(new NodeCapacity("node-a", 2, 0));
                    })))
                .Build();
            await host.StartAsync();
            return new Coordinator(host, registry);
        }

        public async Task<SweepStatus> Status(string id) =>
            await Registry.Ask<SweepStatus>(new GetSweep(id, 100), TimeSpan.FromSeconds(10));

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    [Fact]
    public Task A_recovered_sweep_resumes_without_training_a_recorded_epoch_again() =>
        RecoverAndResume(new JournalDatabase { DataDirectory = _dir });

    [Fact]
    [Trait("Category", "Integration")]
    public async Task On_postgres_a_recovered_sweep_resumes_without_training_a_recorded_epoch_again()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await RecoverAndResume(JournalDatabase.Postgres(_dir, postgres.ConnectionString));
    }

    private static async Task RecoverAndResume(JournalDatabase journal)
    {
        var before = new TrainLog();
        string id;
        SweepStatus atCrash;
        var recordedBefore = new HashSet<(int, int)>();
        await using (var first = await Coordinator.StartAsync(journal, before, answer: 7))
        {
            var accepted = await first.Registry.Ask<object>(new SubmitSweep(FakeTrainer.TinySweep, "tiny.yaml", null), TimeSpan.FromSeconds(10));
            id = Assert.IsType<SweepAccepted>(accepted).SweepId;
            Assert.Equal("tiny", id);
            // Seven dispatches are answered; the two that follow stay silent, in flight when the host dies.
            await WaitFor(async () => before.Dispatches.Count >= 9 && (await first.Status(id)).EpochsTotal == before.Trained.Count);
            atCrash = await first.Status(id);
            for (int t = 0; t < atCrash.Trials; t++)
            {
                var detail = await first.Registry.Ask<TrialDetail>(new GetTrial(id, t), TimeSpan.FromSeconds(10));
                foreach (var p in detail.Curve) recordedBefore.Add((t, p.Epoch));
            }
        }
        Assert.Equal(SweepRunState.Running, atCrash.State);
        Assert.Equal(before.Trained.Distinct().Count(), recordedBefore.Count);
        Assert.True(atCrash.ByStatus[TrialStatus.Completed] + atCrash.ByStatus[TrialStatus.Paused] + atCrash.ByStatus[TrialStatus.Stopped] >= 1);

        var after = new TrainLog();
        await using var second = await Coordinator.StartAsync(journal, after, answer: int.MaxValue);
        await WaitFor(async () => (await second.Status(id)).IsOver);
        var final = await second.Status(id);

        Assert.Equal(SweepRunState.Finished, final.State);
        Assert.Equal(12, final.Trials);
        Assert.Equal(12, final.ByStatus[TrialStatus.Completed] + final.ByStatus[TrialStatus.Stopped]);
        // Nothing recorded before the crash is trained again; what was in flight continues from its checkpoint.
        Assert.DoesNotContain(after.Trained, recordedBefore.Contains);
        Assert.All(after.Dispatches, d => Assert.DoesNotContain((d.TrialId, d.FromEpoch + 1), recordedBefore));
        Assert.Equal(recordedBefore.Count + after.Trained.Count, final.EpochsTotal);
        // The dispatch numbers after the restart cannot be mistaken for those before it.
        Assert.True(after.Dispatches.Min(d => d.Dispatch) > before.Dispatches.Max(d => d.Dispatch));
        // Every trial that had completed before the crash is on the final leaderboard with the same objective.
        foreach (var entry in atCrash.Leaderboard.Where(e => e.Status == TrialStatus.Completed))
            Assert.Contains(final.Leaderboard, e => e.Trial == entry.Trial && e.Objective == entry.Objective);

        // A third start finds the sweep finished and leaves it so.
        await using var third = await Coordinator.StartAsync(journal, new TrainLog(), answer: int.MaxValue);
        var again = await third.Status(id);
        Assert.Equal(SweepRunState.Finished, again.State);
        Assert.Equal(final.EpochsTotal, again.EpochsTotal);
        Assert.Equal(final.Best, again.Best);
    }

    [Fact]
    public async Task The_registry_refuses_a_malformed_spec_with_its_key_path_and_line()
    {
        await using var coordinator = await Coordinator.StartAsync(_dir, new TrainLog(), int.MaxValue);
        var bad = FakeTrainer.TinySweep.Replace("max_epochs: 9", "max_epochs: -9");
        var answer = await coordinator.Registry.Ask<object>(new SubmitSweep(bad, "bad.yaml", null), TimeSpan.FromSeconds(10));
        var rejected = Assert.IsType<SweepRejected>(answer);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal("training.max_epochs", error.Path);
        Assert.Equal(8, error.Line);
        Assert.IsType<SweepNotFound>(await coordinator.Registry.Ask<object>(new GetSweep("nope"), TimeSpan.FromSeconds(10)));
        var list = await coordinator.Registry.Ask<SweepList>(new ListSweeps(), TimeSpan.FromSeconds(10));
        Assert.Empty(list.Sweeps);
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 400; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("the condition did not hold in time");
    }
}
