using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Hpo.Engine.Data;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Cluster;

/// <summary>The trial region end to end in a one-node cluster that joins itself.</summary>
public sealed class TrialEntityTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit("hpo", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-entity-").FullName;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithHpoCluster(new HpoClusterOptions(), HpoRoles.Worker)
            .WithHpoWorker(new WorkerOptions { Slots = 2, CapacityInterval = TimeSpan.FromMilliseconds(300) }, _root);

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string Node => WorkerNode.Of(Sys);

    private static List<EpochReport> ReceiveRung(Akka.TestKit.TestProbe probe, long dispatch, out RungCompleted done)
    {
        var reports = new List<EpochReport>();
        while (true)
        {
            var message = probe.ExpectMsg<IProtocolMessage>(Patience);
            switch (message)
            {
                case EpochReport r:
                    Assert.Equal(dispatch, r.Dispatch);
                    reports.Add(r);
                    break;
                case RungCompleted c:
                    Assert.Equal(dispatch, c.Dispatch);
                    done = c;
                    return reports;
                default:
                    Assert.Fail($"unexpected {message}");
                    break;
            }
        }
    }

    [Fact]
    public async Task A_trial_trains_its_rungs_on_this_node_and_continues_where_it_paused()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons();

        region.Tell(TestPlans.Rung(plan, 0, 3, dispatch: 1, node: Node, replyTo: probe.Ref));
        var first = ReceiveRung(probe, 1, out var firstDone);
        region.Tell(TestPlans.Rung(plan, 3, 5, dispatch: 2, node: Node, replyTo: probe.Ref));
        var second = ReceiveRung(probe, 2, out var secondDone);

        Assert.Equal([1, 2, 3], first.Select(r => r.Epoch));
        Assert.Equal([4, 5], second.Select(r => r.Epoch));
        Assert.Equal((3, 5), (firstDone.Epoch, secondDone.Epoch));
        Assert.All(first.Concat(second), r => Assert.Equal(Node, r.Node));
        Assert.Equal(Node, secondDone.Node);

        // The same as one uninterrupted run of the configuration.
        var straight = new List<EpochReport>();
        await new TrialTrainer("x", new DatasetCache((string?)null), new DirectoryCheckpointStore(Path.Combine(_root, "straight")))
            .TrainAsync(TestPlans.Rung(plan, 0, 5), null, straight.Add);
        Assert.Equal(straight.Select(r => r.Metrics.TrainLoss), first.Concat(second).Select(r => r.Metrics.TrainLoss));
        Assert.Equal(straight.Select(r => r.Objective), first.Concat(second).Select(r => r.Objective));

        // The checkpoint was stored where the worker options say.
        var stored = await WorkerRuntime.Of(Sys)!.Checkpoints.LoadAsync(new CheckpointKey("s1", 1));
        Assert.Equal(5, stored!.Epoch);
        Assert.StartsWith(_root, ((DirectoryCheckpointStore)WorkerRuntime.Of(Sys)!.Checkpoints).Root);
    }

    [Fact]
    public async Task A_dispatch_again_during_a_rung_waits_and_is_answered_from_the_model_in_memory()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons();

        region.Tell(TestPlans.Rung(plan, 0, 4, dispatch: 1, trial: 5, node: Node, replyTo: probe.Ref));
        region.Tell(TestPlans.Rung(plan, 0, 4, dispatch: 1, trial: 5, node: Node, replyTo: probe.Ref)); // a duplicate: ignored
        region.Tell(TestPlans.Rung(plan, 2, 4, dispatch: 3, trial: 5, node: Node, replyTo: probe.Ref)); // the coordinator gave up on 1
        var first = ReceiveRung(probe, 1, out _);
        var again = ReceiveRung(probe, 3, out var done);

        Assert.Equal([1, 2, 3, 4], first.Select(r => r.Epoch));
        Assert.Equal([3, 4], again.Select(r => r.Epoch));
        Assert.Equal(first.Skip(2).Select(r => r.Metrics.TrainLoss), again.Select(r => r.Metrics.TrainLoss));
        Assert.Equal(4, done.Epoch);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task An_evaluation_sent_during_a_rung_answers_after_it_and_after_a_release_from_the_checkpoint()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons() with { Data = TestPlans.Moons().Data with { Test = 0.25 } };

        region.Tell(TestPlans.Rung(plan, 0, 3, dispatch: 1, trial: 8, node: Node, replyTo: probe.Ref));
        region.Tell(new EvaluateTrial("s1", 8, Node, plan, 3, probe.Ref));
        ReceiveRung(probe, 1, out var done);
        var answer = probe.ExpectMsg<TrialEvaluated>(Patience);
        region.Tell(new ReleaseTrial("s1", 8, Node));

        Assert.Equal(3, done.Epoch);
        Assert.Equal((8, 3, Node), (answer.TrialId, answer.Epoch, answer.Node));
        Assert.Null(answer.Error);
        Assert.Equal(60, answer.Test!.Samples);
        // Released: a later evaluation restores the checkpoint and gives the same figures.
        region.Tell(new EvaluateTrial("s1", 8, Node, plan, 3, probe.Ref));
        Assert.Equal(answer.Test, probe.ExpectMsg<TrialEvaluated>(Patience).Test);
    }

    [Fact]
    public async Task A_refit_sent_during_a_rung_and_an_evaluation_answers_once_after_them_and_leaves_the_model_alone()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons() with { Data = TestPlans.Moons().Data with { Test = 0.25 } };

        region.Tell(TestPlans.Rung(plan, 0, 3, dispatch: 1, trial: 9, node: Node, replyTo: probe.Ref));
        region.Tell(new EvaluateTrial("s1", 9, Node, plan, 3, probe.Ref));
        region.Tell(new RefitTrial("s1", 9, Node, plan, 2, probe.Ref));
        region.Tell(new RefitTrial("s1", 9, Node, plan, 2, probe.Ref)); // sent again: not refit twice
        ReceiveRung(probe, 1, out _);
        var evaluated = probe.ExpectMsg<TrialEvaluated>(Patience);
        var refitted = probe.ExpectMsg<TrialRefitted>(Patience);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Assert.Null(refitted.Error);
        Assert.Equal((9, 2, 180, Node), (refitted.TrialId, refitted.Epochs, refitted.TrainSamples, refitted.Node));
        Assert.Equal(60, refitted.Test!.Samples);
        var runtime = WorkerRuntime.Of(Sys)!;
        Assert.Equal(2, (await runtime.Checkpoints.LoadAsync(CheckpointKey.RefitOf("s1")))!.Epoch);
        Assert.Equal(3, (await runtime.Checkpoints.LoadAsync(new CheckpointKey("s1", 9)))!.Epoch);
        // The trial's model is as it was: evaluated again, the same figures.
        region.Tell(new EvaluateTrial("s1", 9, Node, plan, 3, probe.Ref));
        Assert.Equal(evaluated.Test, probe.ExpectMsg<TrialEvaluated>(Patience).Test);
    }

    [Fact]
    public async Task Bad_data_answers_trial_failed()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons() with { Data = new DataOptions { Csv = "missing.csv" } };

        region.Tell(TestPlans.Rung(plan, 0, 3, dispatch: 7, trial: 2, node: Node, replyTo: probe.Ref));

        var failed = probe.ExpectMsg<TrainingFailed>(Patience);
        Assert.Equal((2, 7L, false), (failed.TrialId, failed.Dispatch, failed.Retryable));
        Assert.Contains("missing.csv", failed.Error);
    }

    [Fact]
    public async Task Release_cancels_the_running_rung_without_an_answer()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var slow = TestPlans.Moons(maxEpochs: 400) with { Data = new DataOptions { Dataset = "moons", Samples = 6000, Noise = 0.3 } };

        region.Tell(TestPlans.Rung(slow, 0, 400, dispatch: 1, trial: 3, node: Node, replyTo: probe.Ref));
        probe.ExpectMsg<EpochReport>(Patience);
        region.Tell(new ReleaseTrial("s1", 3, Node));
        region.Tell(TestPlans.Rung(TestPlans.Moons(), 0, 2, dispatch: 2, trial: 3, node: Node, replyTo: probe.Ref));

        while (true)
        {
            var message = probe.ExpectMsg<IProtocolMessage>(Patience);
            Assert.False(message is RungCompleted { Dispatch: 1 } or TrainingFailed, $"the released rung answered: {message}");
            if (message is RungCompleted { Dispatch: 2 } done)
            {
                Assert.Equal(2, done.Epoch);
                break;
            }
        }
    }

    [Fact]
    public async Task A_dispatch_that_reaches_an_entity_as_it_passivates_is_still_trained()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        var plan = TestPlans.Moons();
        region.Tell(TestPlans.Rung(plan, 0, 2, dispatch: 1, trial: 8, node: Node, replyTo: probe.Ref));
        ReceiveRung(probe, 1, out _);

        // The release makes the idle entity ask its shard to stop it; the next dispatch is already in its mailbox.
        region.Tell(new ReleaseTrial("s1", 8, Node));
        region.Tell(TestPlans.Rung(plan, 2, 4, dispatch: 2, trial: 8, node: Node, replyTo: probe.Ref));

        var resumed = ReceiveRung(probe, 2, out var done);
        Assert.Equal([3, 4], resumed.Select(r => r.Epoch));
        Assert.Equal(4, done.Epoch);
    }

    [Fact]
    public async Task The_node_announces_its_capacity()
    {
        await ActorRegistry.GetAsync<TrialRegion>();
        var probe = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(TrialRegion.CapacityTopic, probe.Ref));
        var capacity = (NodeCapacity)probe.FishForMessage(m => m is NodeCapacity, Patience);

        Assert.Equal((Node, 2, 0, 2), (capacity.Node, capacity.Slots, capacity.Busy, capacity.Queue));
        Assert.Empty(capacity.Held!);
    }

    [Fact]
    public async Task The_announcement_lists_the_dispatches_the_node_holds_training_or_waiting_for_a_slot()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var replies = CreateTestProbe();
        var announcements = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(TrialRegion.CapacityTopic, announcements.Ref));
        var slow = TestPlans.Moons(maxEpochs: 400) with { Data = new DataOptions { Dataset = "moons", Samples = 6000, Noise = 0.3 } };
        for (int trial = 20; trial < 23; trial++)
            region.Tell(TestPlans.Rung(slow, 0, 400, dispatch: trial + 100, trial: trial, node: Node, replyTo: replies.Ref));

        // Two slots: two rungs train, the third waits.
        var full = (NodeCapacity)announcements.FishForMessage(m => m is NodeCapacity { Held.Count: 3 } n && n.Held.Count(h => h.Started) == 2, Patience);
        Assert.Equal([120L, 121L, 122L], full.Held!.Select(h => h.Dispatch).Order());
        Assert.All(full.Held!, h => Assert.Equal("s1", h.SweepId));

        for (int trial = 20; trial < 23; trial++) region.Tell(new ReleaseTrial("s1", trial, Node));
        announcements.FishForMessage(m => m is NodeCapacity { Held.Count: 0 }, Patience);
    }
}
