using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Engine.Diagnostics;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Cluster;

/// <summary>The sweep actor on a SQLite journal in a temporary directory, with fake workers.</summary>
public sealed class SweepActorTests : Akka.Hosting.TestKit.TestKit, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hpo-sweep-actor-").FullName;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        builder.WithHpoPersistence(new JournalDatabase { DataDirectory = _dir });
    }

    void IDisposable.Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task<SweepStatus> WaitUntilOver(IActorRef sweep, string id)
    {
        for (int i = 0; i < 600; i++)
        {
            var status = await sweep.Ask<SweepStatus>(new GetSweep(id, 100), TimeSpan.FromSeconds(10));
            if (status.IsOver) return status;
            await Task.Delay(50);
        }
        throw new TimeoutException("the sweep did not finish");
    }

    [Fact]
    public async Task A_sweep_runs_to_the_end_on_two_nodes_and_trains_no_epoch_twice()
    {
        var log = new TrainLog();
        var trainers = Sys.ActorOf(Props.Create(() => new TwoNodes(log)));
        var sweep = Sys.ActorOf(SweepActor.Props("tiny", trainers, new SweepActorOptions()));
        sweep.Tell(FakeTrainer.Share("tiny", ("node-a", 2), ("node-b", 1)));
        var created = new SweepCreated("tiny", FakeTrainer.TinySweep, "tiny.yaml", null, DateTimeOffset.UtcNow);
        Assert.IsType<SweepAccepted>(await sweep.Ask<object>(new StartSweep(created), TimeSpan.FromSeconds(10)));

        var status = await WaitUntilOver(sweep, "tiny");

        Assert.Equal(SweepRunState.Finished, status.State);
        Assert.Equal(12, status.Trials);
        Assert.Equal(0, status.ByStatus[TrialStatus.Running] + status.ByStatus[TrialStatus.Paused] + status.ByStatus[TrialStatus.Pending]);
        Assert.Equal(12, status.ByStatus[TrialStatus.Completed] + status.ByStatus[TrialStatus.Stopped]);
        // What the reply says is already in the journal: the end of the sweep and of each of its trials.
        var rows = (await Integration.JournalRow.ReadAll(new JournalDatabase { DataDirectory = _dir }))
            .Where(r => r.PersistenceId == SweepActor.PersistenceIdOf("tiny")).ToList();
        Assert.Single(rows, r => r.Manifest == "sf");
        Assert.Equal(Enumerable.Range(0, 12), rows.Where(r => Integration.JournalRow.Terminal.Contains(r.Manifest)).Select(r => r.Trial).Order());
        var trained = log.Trained.ToArray();
        Assert.Equal(trained.Length, trained.Distinct().Count());
        Assert.Equal(trained.Length, status.EpochsTotal);
        // Both nodes trained; ASHA promoted some trials, each continuing where it paused.
        Assert.Contains(log.Dispatches, d => d.Node == "node-a");
        Assert.Contains(log.Dispatches, d => d.Node == "node-b");
        Assert.Contains(log.Dispatches, d => d.FromEpoch > 0);
        Assert.True(status.ByStatus[TrialStatus.Completed] >= 1);
        // The leaderboard is sorted, its best is the trial whose learning rate is closest to the curves' optimum.
        Assert.Equal(status.Leaderboard.Max(e => e.Objective), status.Best!.Objective);
        Assert.Equal(status.Leaderboard.Select(e => e.Objective).OrderDescending(), status.Leaderboard.Select(e => e.Objective));
        Assert.Equal(9, status.Best.Epochs);

        var detail = await sweep.Ask<TrialDetail>(new GetTrial("tiny", status.Best.Trial), TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(1, 9), detail.Curve.Select(p => p.Epoch));
        Assert.Equal(status.Best.Objective, detail.Curve[^1].Objective, 6);
        var zero = await sweep.Ask<TrialDetail>(new GetTrial("tiny", 0), TimeSpan.FromSeconds(10));
        Assert.Equal(IssueKind.SlowLearning, Assert.Single(zero.Issues).Kind);
        Assert.IsType<TrialNotFound>(await sweep.Ask<object>(new GetTrial("tiny", 99), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancel_stops_the_running_trials_and_finishes()
    {
        var log = new TrainLog();
        var trainer = Sys.ActorOf(FakeTrainer.Props("node-a", log, answer: 0)); // never answers: trials stay running
        var sweep = Sys.ActorOf(SweepActor.Props("slow", trainer, new SweepActorOptions()));
        sweep.Tell(FakeTrainer.Share("slow", ("node-a", 3)));
        var created = new SweepCreated("slow", FakeTrainer.TinySweep, "tiny.yaml", null, DateTimeOffset.UtcNow);
        await sweep.Ask<object>(new StartSweep(created), TimeSpan.FromSeconds(10));
        await AwaitConditionAsync(() => Task.FromResult(log.Dispatches.Count == 3));

        var status = await sweep.Ask<SweepStatus>(new CancelSweep("slow"), TimeSpan.FromSeconds(10));

        Assert.Equal(SweepRunState.Cancelled, status.State);
        Assert.Equal(3, status.ByStatus[TrialStatus.Stopped]);
        await AwaitConditionAsync(() => Task.FromResult(log.Releases.Count >= 3));
        Assert.Equal(log.Dispatches.Select(d => d.TrialId).Order(), log.Releases.Select(r => r.TrialId).Distinct().Order());
    }

    private static readonly SweepActorOptions QuickTest = new()
    {
        Heartbeat = TimeSpan.FromMilliseconds(100),
        TickInterval = TimeSpan.FromMilliseconds(50),
        TestAnswerWithin = TimeSpan.FromMilliseconds(400),
    };

    private async Task<(IActorRef Sweep, TrainLog Log)> StartTested(string id, int ignoreEvaluations)
    {
        var log = new TrainLog();
        var trainer = Sys.ActorOf(FakeTrainer.Props("node-a", log, ignoreEvaluations: ignoreEvaluations));
        var sweep = Sys.ActorOf(SweepActor.Props(id, trainer, QuickTest));
        sweep.Tell(FakeTrainer.Share(id, ("node-a", 2)));
        var spec = FakeTrainer.TinySweep.Replace("validation: 0.2}", "validation: 0.2, test: 0.2}", StringComparison.Ordinal);
        await sweep.Ask<object>(new StartSweep(new SweepCreated(id, spec, "tiny.yaml", null, DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(10));
        return (sweep, log);
    }

    [Fact]
    public async Task A_sweep_with_a_test_split_is_over_once_its_best_trials_figures_are_journaled_asking_again_when_unanswered()
    {
        var (sweep, log) = await StartTested("tested", ignoreEvaluations: 1);

        var status = await WaitUntilOver(sweep, "tested");

        Assert.Equal(SweepRunState.Finished, status.State);
        Assert.False(status.TestPending);
        var test = status.BestTest!;
        Assert.Equal((status.Best!.Trial, 9, 30), (test.Trial, test.Epoch, test.Samples));
        Assert.Equal(status.Best.Objective - 0.01, test.Accuracy!.Value, 6);
        var asked = log.Evaluations.ToArray();
        Assert.Equal(2, asked.Length);
        Assert.All(asked, e => Assert.Equal((status.Best.Trial, 9, "node-a", 0.2), (e.TrialId, e.Epoch, e.Node, e.Plan.Data.Test)));
        var rows = (await Integration.JournalRow.ReadAll(new JournalDatabase { DataDirectory = _dir }))
            .Where(r => r.PersistenceId == SweepActor.PersistenceIdOf("tested")).ToList();
        Assert.Contains(rows, r => r.Manifest == "bt");

        // Recovered from its journal, it shows the figures and asks nothing again.
        await sweep.GracefulStop(TimeSpan.FromSeconds(10));
        var recovered = Sys.ActorOf(SweepActor.Props("tested", Sys.ActorOf(FakeTrainer.Props("node-a", log)), QuickTest));
        recovered.Tell(FakeTrainer.Share("tested", ("node-a", 2)));
        var again = await WaitUntilOver(recovered, "tested");
        Assert.Equal(test, again.BestTest);
        await Task.Delay(300);
        Assert.Equal(2, log.Evaluations.Count);
    }

    [Fact]
    public async Task Unanswered_evaluations_are_given_up_after_three_tries_and_the_sweep_is_over_without_figures()
    {
        var (sweep, log) = await StartTested("untested", ignoreEvaluations: int.MaxValue);

        var status = await WaitUntilOver(sweep, "untested");

        Assert.Null(status.BestTest);
        Assert.Contains("3 tries", status.TestError);
        Assert.Equal(3, log.Evaluations.Count);
    }

    /// <summary>Routes each order to the fake node it names, as the trial shard region does.</summary>
    private sealed class TwoNodes : ReceiveActor
    {
        public TwoNodes(TrainLog log)
        {
            var a = Context.ActorOf(FakeTrainer.Props("node-a", log));
            var b = Context.ActorOf(FakeTrainer.Props("node-b", log));
            Receive<ITrialMessage>(m => (m.Node == "node-a" ? a : b).Forward(m));
        }
    }
}
