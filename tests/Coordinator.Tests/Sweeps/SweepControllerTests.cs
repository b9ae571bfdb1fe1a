using Hpo.Coordinator.Cluster;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Sweeps;

public class SweepControllerTests
{
    private const string Sweep = """
        name: ctl
        seed: 3
        data: {dataset: iris}
        objective: val_accuracy
        model: {units: 8}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 27}
        """;

    private static readonly SweepSpec Spec = SweepSpecParser.Parse(Sweep, "ctl.yaml");
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    private static SweepController NewController(IEnumerable<SweepEvent>? journal = null)
    {
        var options = SweepSchedule.Options(Spec);
        var decider = journal is null
            ? new SweepDecider(options, Spec.CreateSampler())
            : SweepDecider.Replay(options, Spec.CreateSampler(), journal);
        return new SweepController(Spec, decider, Heartbeat);
    }

    [Fact]
    public void Every_free_slot_of_every_node_gets_a_trial_at_once()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0), new NodeAllowance("b", 3, 0)], cluster.Now));
        Assert.Equal(5, cluster.Dispatched.Count);
        Assert.Equal(2, cluster.Dispatched.Count(d => d.Node == "a"));
        Assert.Equal(3, cluster.Dispatched.Count(d => d.Node == "b"));
        Assert.All(cluster.Dispatched, d => Assert.Equal(0, d.FromEpoch));
    }

    [Fact]
    public void A_sweep_runs_to_the_end_with_every_trial_in_one_terminal_state_and_no_slot_overbooked()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0), new NodeAllowance("b", 2, 0)], cluster.Now));
        while (cluster.Step())
            Assert.True(controller.Room.Busy("a") <= 2 && controller.Room.Busy("b") <= 2);
        Assert.True(cluster.Finished);
        Assert.Equal(27, controller.State.TrialCount);
        Assert.All(controller.State.Trials, t => Assert.True(t.IsTerminal, t.ToString()));
        Assert.Contains(cluster.Journal, e => e is SweepFinished);
        Assert.NotNull(controller.State.BestTrial);
    }

    [Fact]
    public void Promoted_trials_continue_from_their_paused_epoch_on_the_node_that_holds_their_model_when_it_is_free()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 1, 0)], cluster.Now));
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 1, 0), new NodeAllowance("b", 1, 0)], cluster.Now));
        cluster.RunToEnd();
        var promotions = cluster.Dispatched.Where(d => d.FromEpoch > 0).ToArray();
        Assert.NotEmpty(promotions);
        foreach (var p in promotions)
        {
            var previous = cluster.Dispatched.Last(d => d.Trial == p.Trial && d.Dispatch < p.Dispatch);
            Assert.Equal(previous.ToEpoch, p.FromEpoch);
        }
        Assert.Contains(promotions, p => cluster.Dispatched.Last(d => d.Trial == p.Trial && d.Dispatch < p.Dispatch).Node == p.Node);
    }

    [Fact]
    public void The_trials_of_a_lost_node_go_to_another_from_their_last_checkpoint()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0), new NodeAllowance("b", 2, 0)], cluster.Now));
        for (int i = 0; i < 40; i++) cluster.Step();
        var onA = cluster.Dispatched.Where(d => d.Node == "a").Select(d => d.Trial)
            .Where(t => controller.State.Trial(t).Status == TrialStatus.Running).ToHashSet();
        Assert.NotEmpty(onA);
        var checkpoints = onA.ToDictionary(t => t, t => controller.State.Trial(t).DispatchFrom);
        cluster.DropMailOf("a");
        int before = cluster.Dispatched.Count;
        cluster.Apply(controller.OnNodeLost("a", cluster.Now));
        cluster.RunToEnd();
        var again = cluster.Dispatched.Skip(before).ToArray();
        Assert.All(again, d => Assert.Equal("b", d.Node));
        foreach (var (trial, from) in checkpoints)
            Assert.Equal(from, again.First(d => d.Trial == trial).FromEpoch);
        Assert.True(cluster.Finished);
        Assert.All(controller.State.Trials, t => Assert.True(t.IsTerminal));
        // No epoch was recorded twice for a trial although some were trained twice.
        Assert.All(cluster.Journal.OfType<EpochReported>().GroupBy(e => (e.Trial, e.Epoch)), g => Assert.Single(g));
    }

    [Fact]
    public void A_silent_dispatch_is_sent_again_after_the_heartbeat_window_and_old_replies_are_ignored()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Silent.Add("a");
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 1, 0)], cluster.Now));
        var lost = Assert.Single(cluster.Dispatched);
        cluster.Silent.Clear();
        cluster.Apply(controller.OnTick(cluster.Now + Heartbeat / 2));
        Assert.Single(cluster.Dispatched);
        cluster.Now += Heartbeat + TimeSpan.FromSeconds(1);
        cluster.Apply(controller.OnTick(cluster.Now));
        var resent = cluster.Dispatched[^1];
        Assert.Equal(lost.Trial, resent.Trial);
        Assert.NotEqual(lost.Dispatch, resent.Dispatch);

        var stale = controller.OnRungCompleted(new Hpo.Protocol.RungCompleted("s", lost.Trial, lost.Dispatch, lost.ToEpoch, false, null, "a").ToCore(), cluster.Now);
        Assert.True(stale.IsEmpty);
    }

    [Fact]
    public void A_restarted_coordinator_resumes_running_trials_from_their_checkpoints_and_retrains_no_completed_rung()
    {
        var first = NewController();
        var cluster = new FakeCluster(first);
        cluster.Apply(first.OnShare([new NodeAllowance("a", 3, 0)], cluster.Now));
        for (int i = 0; i < 60; i++) cluster.Step();
        var journal = cluster.Journal.ToList();

        var restarted = NewController(journal);
        var resumed = new FakeCluster(restarted);
        resumed.Journal.AddRange(journal);
        resumed.Apply(restarted.OnShare([new NodeAllowance("a", 3, 0)], resumed.Now));
        var running = restarted.State.Trials.Where(t => t.Status == TrialStatus.Running).Select(t => t.Id).ToHashSet();
        Assert.Equal(running, resumed.Dispatched.Take(running.Count).Select(d => d.Trial).ToHashSet());
        Assert.All(resumed.Dispatched.Take(running.Count), d => Assert.Equal(restarted.State.Trial(d.Trial).DispatchFrom, d.FromEpoch));
        resumed.RunToEnd();
        Assert.True(resumed.Finished);
        // A rung finished before the crash is never trained again: every dispatch starts at or after it.
        var pausedAt = new Dictionary<int, int>();
        var replay = new SweepState(SweepSchedule.Options(Spec));
        foreach (var e in journal)
        {
            replay.Apply(e);
            if (e is TrialPaused p) pausedAt[p.Trial] = replay.Trial(p.Trial).Epochs;
        }
        Assert.NotEmpty(pausedAt);
        Assert.All(resumed.Dispatched, d => Assert.True(d.FromEpoch >= pausedAt.GetValueOrDefault(d.Trial), $"trial {d.Trial} from {d.FromEpoch}"));
        Assert.All(resumed.Journal.OfType<EpochReported>().GroupBy(e => (e.Trial, e.Epoch)), g => Assert.Single(g));
    }

    [Fact]
    public void Cancelling_releases_the_running_trials_and_finishes_the_sweep()
    {
        var controller = NewController();
        var cluster = new FakeCluster(controller);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        cluster.Step();
        var effects = controller.Cancel(cluster.Now);
        Assert.Equal(2, effects.Releases.Count);
        Assert.True(effects.Finished);
        Assert.Contains(effects.Events, e => e is SweepFinished { Reason: FinishReason.Cancelled });
        Assert.All(controller.State.Trials, t => Assert.True(t.IsTerminal));
    }
}

public class SweepControllerFailureTests
{
    private static readonly SweepSpec Spec = SweepSpecParser.Parse("""
        data: {dataset: iris}
        model: {units: 8}
        training: {learning_rate: {loguniform: [1.0e-4, 1.0e-1]}, max_epochs: 3}
        search: {scheduler: fifo, max_trials: 2}
        """, "f.yaml");

    private static SweepController NewController() =>
        new(Spec, new SweepDecider(SweepSchedule.Options(Spec), Spec.CreateSampler()), TimeSpan.FromSeconds(30));

    [Fact]
    public void A_retryable_failure_is_dispatched_again_until_the_attempts_run_out()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var first = Assert.Single(controller.OnShare([new NodeAllowance("a", 1, 0)], now).Dispatches);
        var current = first;
        for (int retry = 0; retry < SweepController.MaxRetries; retry++)
        {
            var effects = controller.OnTrainingFailed(new Hpo.Protocol.TrainingFailed("s", current.Trial, current.Dispatch, "disk full", "a", Retryable: true).ToCore(), now);
            current = Assert.Single(effects.Dispatches);
            Assert.Equal(first.Trial, current.Trial);
            Assert.Equal(first.FromEpoch, current.FromEpoch);
        }
        var last = controller.OnTrainingFailed(new Hpo.Protocol.TrainingFailed("s", current.Trial, current.Dispatch, "disk full", "a", Retryable: true).ToCore(), now);
        Assert.Contains(last.Events, e => e is Hpo.Sweeps.Search.State.TrialFailed f && f.Trial == first.Trial);
        Assert.Equal(TrialStatus.Failed, controller.State.Trial(first.Trial).Status);
    }

    [Fact]
    public void A_checkpoint_store_that_keeps_failing_stops_the_sweep_with_its_cause_and_releases_the_other_trial()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var dispatches = controller.OnShare([new NodeAllowance("a", 2, 0)], now).Dispatches;
        Assert.Equal(2, dispatches.Count);
        var current = dispatches[0];
        var other = dispatches[1];
        TrainingFailed StoreFailed(DispatchOrder d) => new("s", d.Trial, d.Dispatch, "the checkpoint store cannot keep trial s/0's checkpoint at epoch 1: IOException: Read-only file system", "a", Retryable: true, Storage: true);
        for (int retry = 0; retry < SweepController.MaxRetries; retry++)
        {
            var retried = controller.OnTrainingFailed(StoreFailed(current).ToCore(), now);
            Assert.False(retried.Finished);
            current = Assert.Single(retried.Dispatches);
        }

        var last = controller.OnTrainingFailed(StoreFailed(current).ToCore(), now);

        Assert.True(last.Finished);
        Assert.Empty(last.Dispatches);
        Assert.Contains(last.Releases, r => r.Trial == other.Trial);
        Assert.Equal(FinishReason.StorageFailed, controller.State.FinishReason);
        Assert.Equal(TrialStatus.Failed, controller.State.Trial(current.Trial).Status);
        Assert.Equal((TrialStatus.Stopped, StopReason.StorageFailed), (controller.State.Trial(other.Trial).Status, controller.State.Trial(other.Trial).StopReason));
        Assert.StartsWith($"trial {current.Trial} on a: the checkpoint store cannot keep", controller.State.FinishCause);
        Assert.Contains("Read-only file system", controller.State.FinishCause);
    }

    [Fact]
    public void A_failure_retrying_cannot_fix_fails_the_trial_at_once()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var d = Assert.Single(controller.OnShare([new NodeAllowance("a", 1, 0)], now).Dispatches);
        var effects = controller.OnTrainingFailed(new Hpo.Protocol.TrainingFailed("s", d.Trial, d.Dispatch, "data.csv:3: bad", "a").ToCore(), now);
        Assert.Equal(TrialStatus.Failed, controller.State.Trial(d.Trial).Status);
        Assert.Single(effects.Dispatches); // the slot goes to the next trial
        Assert.NotEqual(d.Trial, effects.Dispatches[0].Trial);
    }
}

public class SweepControllerReleaseTests
{
    [Fact]
    public void A_trial_ended_by_its_last_report_frees_its_slot_though_its_rung_never_answers()
    {
        // FIFO on one slot without a queue: each trial trains its three epochs in one rung.
        var spec = SweepSpecParser.Parse("data: {dataset: iris}\nmodel: {units: 8}\ntraining: {learning_rate: {loguniform: [1.0e-4, 1.0e-1]}, max_epochs: 3}\nsearch: {scheduler: fifo, max_trials: 2}\n", "r.yaml");
        var controller = new SweepController(spec, new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler()), TimeSpan.FromSeconds(30));
        var now = DateTimeOffset.UnixEpoch;
        var first = Assert.Single(controller.OnShare([new NodeAllowance("a", 1, 0)], now).Dispatches);

        SweepEffects last = new();
        for (int epoch = 1; epoch <= 3; epoch++)
            last = controller.OnEpochReport(new EpochReport("s", first.Trial, first.Dispatch, epoch, 0.5, TestEpochs.Metrics(epoch), [], "a").ToCore(), now);

        // The release may cancel the rung before it answers: no RungCompleted comes, and none is waited for.
        Assert.Contains(last.Releases, r => r.Trial == first.Trial);
        var next = Assert.Single(last.Dispatches);
        Assert.NotEqual(first.Trial, next.Trial);
        Assert.Empty(controller.OnNodeListing("a", [new HeldRung("s", next.Trial, next.Dispatch, true)], now + TimeSpan.FromSeconds(30)).Silent);
    }
}

public class SweepControllerHeartbeatTests
{
    [Fact]
    public void The_heartbeat_window_grows_with_the_longest_epoch_seen()
    {
        var spec = SweepSpecParser.Parse("data: {dataset: iris}\nmodel: {units: 8}\ntraining: {learning_rate: {loguniform: [1.0e-4, 1.0e-1]}, max_epochs: 3}\nsearch: {scheduler: fifo, max_trials: 2}\n", "h.yaml");
        var controller = new SweepController(spec, new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler()), TimeSpan.FromSeconds(30));
        var now = DateTimeOffset.UnixEpoch;
        var d = Assert.Single(controller.OnShare([new NodeAllowance("a", 1, 0)], now).Dispatches);
        Assert.Equal(TimeSpan.FromSeconds(30), controller.HeartbeatWindow);
        controller.OnEpochReport(new Hpo.Protocol.EpochReport("s", d.Trial, d.Dispatch, 1, 0.5, TestEpochs.Metrics(1, seconds: 40), [], "a").ToCore(), now);
        Assert.Equal(TimeSpan.FromSeconds(200), controller.HeartbeatWindow);
        // 60 s of silence is normal for 40-second epochs: nothing is sent again.
        Assert.Empty(controller.OnTick(now + TimeSpan.FromSeconds(60)).Dispatches);
        Assert.Single(controller.OnTick(now + TimeSpan.FromSeconds(201)).Dispatches);
    }
}

/// <summary>Nodes that queue rungs beyond their slots, and the reconciliation of what a node says it holds.</summary>
public class SweepControllerQueueTests
{
    private static readonly SweepSpec Spec = SweepSpecParser.Parse("""
        data: {dataset: iris}
        model: {units: 8}
        training: {learning_rate: {loguniform: [1.0e-4, 1.0e-1]}, max_epochs: 3}
        search: {scheduler: fifo, max_trials: 20}
        """, "q.yaml");

    private static SweepController NewController() =>
        new(Spec, new SweepDecider(SweepSchedule.Options(Spec), Spec.CreateSampler()), TimeSpan.FromSeconds(30));

    private static HeldRung Held(DispatchOrder d, bool started) => new("s", d.Trial, d.Dispatch, started);

    [Fact]
    public void A_node_gets_its_slots_and_then_its_queue_filled_and_idle_slots_elsewhere_come_first()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var a = controller.OnShare([new NodeAllowance("a", 2, 2)], now).Dispatches;
        Assert.Equal(4, a.Count);
        Assert.All(a, d => Assert.Equal("a", d.Node));
        Assert.Equal((2, 2), (controller.Room.BusySlots, controller.Queued));
        // A second node's idle slots are used before any more queueing: a has no room left anyway, b gets 1 + 1.
        var b = controller.OnShare([new NodeAllowance("a", 2, 2), new NodeAllowance("b", 1, 1)], now).Dispatches;
        Assert.Equal(["b", "b"], b.Select(d => d.Node));
        Assert.Equal((3, 3), (controller.Room.BusySlots, controller.Queued));
    }

    [Fact]
    public void A_queued_dispatch_its_node_keeps_listing_is_never_sent_again_however_long_it_waits()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var sent = controller.OnShare([new NodeAllowance("a", 1, 1)], now).Dispatches;
        var (running, waiting) = (sent[0], sent[1]);
        for (int s = 5; s <= 300; s += 5)
        {
            var t = now + TimeSpan.FromSeconds(s);
            controller.OnEpochReport(new EpochReport("s", running.Trial, running.Dispatch, 1, 0.5, TestEpochs.Metrics(1, seconds: 1), [], "a").ToCore(), t);
            var effects = controller.OnNodeListing("a", [Held(running, true), Held(waiting, false)], t);
            Assert.Empty(effects.Silent);
            Assert.Empty(controller.OnTick(t).Dispatches);
        }
    }

    [Fact]
    public void A_dispatch_its_node_does_not_list_twice_after_the_grace_is_sent_again_at_once()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var sent = controller.OnShare([new NodeAllowance("a", 1, 1)], now).Dispatches;
        var (kept, lost) = (sent[0], sent[1]);
        // Within the grace a missing dispatch may still be on its way.
        Assert.Empty(controller.OnNodeListing("a", [Held(kept, true)], now + TimeSpan.FromSeconds(1)).Silent);
        var t = now + SweepController.ListingGrace + TimeSpan.FromSeconds(1);
        Assert.Empty(controller.OnNodeListing("a", [Held(kept, true)], t).Silent); // once could be a race with its answer
        var again = controller.OnNodeListing("a", [Held(kept, true)], t + TimeSpan.FromSeconds(1));
        Assert.Equal(lost.Trial, Assert.Single(again.Silent).Trial);
        var resent = Assert.Single(again.Dispatches);
        Assert.Equal((lost.Trial, lost.FromEpoch), (resent.Trial, resent.FromEpoch));
        Assert.True(resent.Dispatch > lost.Dispatch);
    }

    [Fact]
    public void A_started_dispatch_still_needs_its_reports_a_listing_alone_does_not_keep_it()
    {
        var controller = NewController();
        var now = DateTimeOffset.UnixEpoch;
        var d = Assert.Single(controller.OnShare([new NodeAllowance("a", 1, 0)], now).Dispatches);
        for (int s = 5; s <= 30; s += 5) controller.OnNodeListing("a", [Held(d, true)], now + TimeSpan.FromSeconds(s));
        // Started (as listed) at 5 s and silent since: the window counts from then.
        Assert.Empty(controller.OnTick(now + TimeSpan.FromSeconds(34)).Dispatches);
        var resent = Assert.Single(controller.OnTick(now + TimeSpan.FromSeconds(36)).Dispatches);
        Assert.Equal(d.Trial, resent.Trial);
    }
}
