using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Tests.Cluster;

/// <summary>The sweep actor with search.refit, on a SQLite journal in a temporary directory, with fake workers.</summary>
public sealed class SweepActorRefitTests : Akka.Hosting.TestKit.TestKit, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hpo-sweep-refit-").FullName;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        builder.WithHpoPersistence(new JournalDatabase { DataDirectory = _dir });
    }

    void IDisposable.Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly SweepActorOptions Quick = new()
    {
        Heartbeat = TimeSpan.FromMilliseconds(100),
        TickInterval = TimeSpan.FromMilliseconds(50),
        TestAnswerWithin = TimeSpan.FromMilliseconds(400),
    };

    private static readonly string Spec = FakeTrainer.TinySweep
        .Replace("validation: 0.2}", "validation: 0.2, test: 0.2}", StringComparison.Ordinal)
        .Replace("max_trials: 12}", "max_trials: 12, refit: true}", StringComparison.Ordinal);

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
    public async Task A_sweep_with_refit_is_over_once_the_refit_is_journaled_asking_again_when_unanswered()
    {
        var log = new TrainLog();
        var sweep = Sys.ActorOf(SweepActor.Props("refit", Sys.ActorOf(FakeTrainer.Props("node-a", log, ignoreRefits: 1)), Quick));
        sweep.Tell(FakeTrainer.Share("refit", ("node-a", 2)));
        await sweep.Ask<object>(new StartSweep(new SweepCreated("refit", Spec, "tiny.yaml", null, DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(10));

        var status = await WaitUntilOver(sweep, "refit");

        Assert.False(status.RefitPending);
        var refit = status.BestRefit!;
        // The fake curve rises to the last epoch: the best trial was best at its 9th.
        Assert.Equal((status.Best!.Trial, 9, 150, 30), (refit.Trial, refit.Epochs, refit.TrainSamples, refit.Samples));
        Assert.Equal(status.Best.Objective + 0.01, refit.Accuracy!.Value, 6);
        Assert.NotNull(status.BestTest);
        var asked = log.Refits.ToArray();
        Assert.Equal(2, asked.Length);
        Assert.All(asked, r => Assert.Equal((status.Best.Trial, 9, "node-a", 0.2), (r.TrialId, r.Epochs, r.Node, r.Plan.Data.Test)));
        var rows = (await Integration.JournalRow.ReadAll(new JournalDatabase { DataDirectory = _dir }))
            .Where(r => r.PersistenceId == SweepActor.PersistenceIdOf("refit")).ToList();
        Assert.Contains(rows, r => r.Manifest == "br");
        Assert.True((await sweep.Ask<BestTrial>(new GetBestTrial("refit"), TimeSpan.FromSeconds(10))).Refit);

        // Recovered from its journal, it shows the refit and asks for none again.
        await sweep.GracefulStop(TimeSpan.FromSeconds(10));
        var recovered = Sys.ActorOf(SweepActor.Props("refit", Sys.ActorOf(FakeTrainer.Props("node-a", log)), Quick));
        recovered.Tell(FakeTrainer.Share("refit", ("node-a", 2)));
        var again = await WaitUntilOver(recovered, "refit");
        Assert.Equal(refit, again.BestRefit);
        await Task.Delay(300);
        Assert.Equal(2, log.Refits.Count);
    }

    [Fact]
    public async Task Unanswered_refits_are_given_up_after_three_tries_and_the_best_model_stays_the_trials()
    {
        var log = new TrainLog();
        var sweep = Sys.ActorOf(SweepActor.Props("unrefit", Sys.ActorOf(FakeTrainer.Props("node-a", log, ignoreRefits: int.MaxValue)), Quick));
        sweep.Tell(FakeTrainer.Share("unrefit", ("node-a", 2)));
        await sweep.Ask<object>(new StartSweep(new SweepCreated("unrefit", Spec, "tiny.yaml", null, DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(10));

        var status = await WaitUntilOver(sweep, "unrefit");

        Assert.Null(status.BestRefit);
        Assert.Contains("3 tries", status.RefitError);
        Assert.Equal(3, log.Refits.Count);
        Assert.False((await sweep.Ask<BestTrial>(new GetBestTrial("unrefit"), TimeSpan.FromSeconds(10))).Refit);
    }
}
