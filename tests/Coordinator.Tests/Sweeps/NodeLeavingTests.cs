using Hpo.Coordinator.Cluster;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>A worker that begins to leave (SIGTERM) gets no more work, and the rungs it hands back continue elsewhere.</summary>
public class NodeLeavingTests
{
    private static readonly SweepSpec Spec = SweepSpecParser.Parse("""
        name: leave
        seed: 2
        data: {dataset: iris}
        objective: val_accuracy
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, max_epochs: 4}
        search: {sampler: random, scheduler: fifo, max_trials: 2}
        """, "leave.yaml");

    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static SweepController NewController() =>
        new(Spec, new SweepDecider(SweepSchedule.Options(Spec), Spec.CreateSampler()), TimeSpan.FromMinutes(1));

    [Fact]
    public void A_leaving_node_gets_nothing_more_and_a_rung_it_hands_back_goes_to_another_node_however_often()
    {
        var controller = NewController();
        var sent = controller.OnShare([new NodeAllowance("a", 1, 0)], Now).Dispatches
            .Concat(controller.OnShare([new NodeAllowance("a", 1, 0), new NodeAllowance("b", 1, 0)], Now).Dispatches).ToList();
        var onA = sent.Single(d => d.Node == "a");
        var onB = sent.Single(d => d.Node == "b");

        Assert.Empty(controller.OnNodeLeaving("a", Now).Dispatches);
        var handedBack = controller.OnTrainingFailed(new TrainingFailed("s", onA.Trial, onA.Dispatch, "handed back at epoch 2", "a",
            Retryable: true, HandedBack: true).ToCore(), Now);
        Assert.Empty(handedBack.Dispatches); // b is busy; a takes nothing
        Assert.Equal(TrialStatus.Running, controller.State.Trial(onA.Trial).Status);

        // b finishes its trial, then takes the one a handed back, which may be handed back again and again.
        var dispatched = new List<DispatchOrder>();
        for (int epoch = 1; epoch <= 4; epoch++)
            dispatched.AddRange(controller.OnEpochReport(new EpochReport("s", onB.Trial, onB.Dispatch, epoch, 0.5,
                TestSupport.TestEpochs.Metrics(epoch, 0.5, 0.5), [], "b").ToCore(), Now).Dispatches);
        dispatched.AddRange(controller.OnRungCompleted(new RungCompleted("s", onB.Trial, onB.Dispatch, 4, false, null, "b").ToCore(), Now).Dispatches);
        var next = dispatched.Single();
        Assert.Equal((onA.Trial, "b"), (next.Trial, next.Node));
        for (int again = 0; again < SweepController.MaxRetries + 2; again++)
        {
            var other = next.Node == "b" ? "c" : "b";
            controller.OnShare([new NodeAllowance(other, 1, 0)], Now); // a node with a free slot (back, or new); the leaving one gets none
            controller.OnNodeLeaving(next.Node, Now);
            next = controller.OnTrainingFailed(new TrainingFailed("s", next.Trial, next.Dispatch, "handed back", next.Node,
                Retryable: true, HandedBack: true).ToCore(), Now).Dispatches.Single();
            Assert.Equal(other, next.Node);
        }
        Assert.Equal(TrialStatus.Running, controller.State.Trial(onA.Trial).Status);
    }
}
