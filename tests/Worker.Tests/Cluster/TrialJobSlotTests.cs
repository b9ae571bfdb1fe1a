using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hpo.Worker.Tests.Cluster;

/// <summary>Which of a trial's jobs runs, waits for which, or goes.</summary>
public sealed class TrialJobSlotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-slot-").FullName;
    private readonly WorkerRuntime _runtime;
    private readonly TrialJobSlot _slot = new();

    public TrialJobSlotTests() =>
        _runtime = new WorkerRuntime(new WorkerOptions { Slots = 1, Simulate = true }, _root, "node-a",
            new DirectoryCheckpointStore(_root), NullLoggerFactory.Instance);

    public void Dispose()
    {
        _runtime.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private TrainJob Rung(long dispatch) =>
        new(TestPlans.Rung(TestPlans.Moons(), 0, 3, dispatch), _runtime, Akka.Event.NoLogger.Instance, "1");

    private EvaluateJob Evaluation() =>
        new(new EvaluateTrial("s1", 1, "node-a", TestPlans.Moons(), 3, Akka.Actor.ActorRefs.Nobody), _runtime, Akka.Event.NoLogger.Instance, "1");

    private RefitJob Refit() =>
        new(new RefitTrial("s1", 1, "node-a", TestPlans.Moons(), 3, Akka.Actor.ActorRefs.Nobody), _runtime, Akka.Event.NoLogger.Instance, "1");

    [Fact]
    public void A_newer_dispatch_waits_for_the_running_rung_in_place_of_the_one_that_waited()
    {
        _slot.Start(Rung(1));
        var second = Rung(2);
        var third = Rung(3);

        Assert.True(_slot.TryQueue(second, out var none));
        Assert.True(_slot.TryQueue(third, out var replaced));

        Assert.Null(none);
        Assert.Same(second, replaced);
        Assert.Same(third, _slot.End());
        Assert.Null(_slot.End());
    }

    [Fact]
    public void A_dispatch_no_newer_than_the_running_rung_or_the_waiting_one_is_already_being_served()
    {
        _slot.Start(Rung(2));
        Assert.False(_slot.TryQueue(Rung(2), out _));
        Assert.False(_slot.TryQueue(Rung(1), out _));

        var third = Rung(3);
        Assert.True(_slot.TryQueue(third, out _));
        Assert.False(_slot.TryQueue(Rung(3), out var replaced));

        Assert.Null(replaced);
        Assert.Equal([_slot.Running!, third], _slot.Jobs);
    }

    [Fact]
    public void Behind_an_evaluation_or_a_refit_the_last_dispatch_sent_waits_whatever_its_number()
    {
        _slot.Start(Evaluation());
        var later = Rung(5);
        var earlier = Rung(3);

        Assert.True(_slot.TryQueue(later, out _));
        Assert.True(_slot.TryQueue(earlier, out var replaced));

        Assert.Same(later, replaced);
        Assert.Same(earlier, _slot.End());
    }

    [Fact]
    public void A_refit_sent_again_while_one_runs_is_not_queued_but_behind_another_job_the_last_one_waits()
    {
        _slot.Start(Refit());
        Assert.False(_slot.TryQueue(Refit(), out _));
        Assert.Null(_slot.End());

        _slot.Start(Rung(1));
        var first = Refit();
        var again = Refit();
        Assert.True(_slot.TryQueue(first, out _));
        Assert.True(_slot.TryQueue(again, out var replaced));

        Assert.Same(first, replaced);
        Assert.Same(again, _slot.End());
    }

    [Fact]
    public void When_the_slot_frees_a_waiting_rung_starts_first_then_an_evaluation_then_a_refit()
    {
        _slot.Start(Evaluation());
        var refit = Refit();
        var evaluation = Evaluation();
        var rung = Rung(1);
        Assert.True(_slot.TryQueue(refit, out _));
        Assert.True(_slot.TryQueue(evaluation, out _));
        Assert.True(_slot.TryQueue(rung, out _));

        var order = new List<TrialJob?>();
        for (var next = _slot.End(); next is not null; next = _slot.End())
        {
            order.Add(next);
            _slot.Start(next);
        }

        Assert.Equal([rung, evaluation, refit], order);
        Assert.False(_slot.Busy);
    }

    [Fact]
    public void A_release_cancels_a_running_rung_and_drops_the_waiting_one_but_evaluations_and_refits_run_on()
    {
        var running = Rung(1);
        var waiting = Rung(2);
        var evaluation = Evaluation();
        _slot.Start(running);
        _slot.TryQueue(waiting, out _);
        _slot.TryQueue(evaluation, out _);

        Assert.Equal([waiting], _slot.Release());
        Assert.True(running.Cancelled);
        Assert.Same(evaluation, _slot.End());

        _slot.Start(evaluation);
        Assert.Empty(_slot.Release());
        Assert.False(evaluation.Cancelled);
    }
}
