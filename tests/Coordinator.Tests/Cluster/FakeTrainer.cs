using System.Collections.Concurrent;
using Akka.Actor;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Cluster;

/// <summary>What fake workers were asked to train, across actor systems.</summary>
internal sealed class TrainLog
{
    public ConcurrentQueue<TrainTrial> Dispatches { get; } = new();
    public ConcurrentQueue<(int Trial, int Epoch)> Trained { get; } = new();
    public ConcurrentQueue<ReleaseTrial> Releases { get; } = new();
    public ConcurrentQueue<EvaluateTrial> Evaluations { get; } = new();
    public ConcurrentQueue<RefitTrial> Refits { get; } = new();
}

/// <summary>
/// A worker node that trains instantly: each dispatch becomes its epoch reports (a deterministic curve of the
/// plan's learning rate) and a rung completion. After <c>answer</c> dispatches it goes silent, as a node
/// about to die does. It answers an evaluation on the test split with figures of the plan's curve, after ignoring
/// the first <c>ignoreEvaluations</c>, and a refit with the curve's figures on 150 samples after ignoring the first
/// <c>ignoreRefits</c>.
/// </summary>
internal sealed class FakeTrainer : ReceiveActor
{
    public FakeTrainer(string node, TrainLog log, int answer = int.MaxValue, int ignoreEvaluations = 0, int ignoreRefits = 0)
    {
        int answered = 0, evaluations = 0, refits = 0;
        Receive<RefitTrial>(r =>
        {
            log.Refits.Enqueue(r);
            if (refits++ < ignoreRefits) return;
            double accuracy = Objective(r.Plan, r.Epochs) + 0.01;
            r.ReplyTo.Tell(new TrialRefitted(r.SweepId, r.TrialId, r.Epochs, 150, new Engine.Training.Evaluation(30, 1 - accuracy, accuracy, null, null, null), null, node));
        });
        Receive<EvaluateTrial>(e =>
        {
            log.Evaluations.Enqueue(e);
            if (evaluations++ < ignoreEvaluations) return;
            double accuracy = Objective(e.Plan, e.Epoch) - 0.01;
            e.ReplyTo.Tell(new TrialEvaluated(e.SweepId, e.TrialId, e.Epoch, new Engine.Training.Evaluation(30, 1 - accuracy, accuracy, null, null, null), null, node) { Stored = e.StoreModel });
        });
        Receive<TrainTrial>(t =>
        {
            log.Dispatches.Enqueue(t);
            if (t.Node != node || answered++ >= answer) return;
            for (int epoch = t.FromEpoch + 1; epoch <= t.ToEpoch; epoch++)
            {
                double objective = Objective(t.Plan, epoch);
                log.Trained.Enqueue((t.TrialId, epoch));
                IReadOnlyList<TrainingIssue> issues = epoch == 1 && t.TrialId % 4 == 0
                    ? [new TrainingIssue { Kind = IssueKind.SlowLearning, Epoch = 1, Evidence = $"trial {t.TrialId} learns slowly", Advice = "raise the learning rate" }]
                    : [];
                t.ReplyTo.Tell(new EpochReport(t.SweepId, t.TrialId, t.Dispatch, epoch, objective,
                    TestEpochs.Metrics(epoch, 1 - objective, 1.1 - objective, objective), issues, node));
            }
            t.ReplyTo.Tell(new RungCompleted(t.SweepId, t.TrialId, t.Dispatch, t.ToEpoch, false, null, node));
        });
        Receive<ReleaseTrial>(log.Releases.Enqueue);
    }

    public static Props Props(string node, TrainLog log, int answer = int.MaxValue, int ignoreEvaluations = 0, int ignoreRefits = 0) =>
        Akka.Actor.Props.Create(() => new FakeTrainer(node, log, answer, ignoreEvaluations, ignoreRefits));

    /// <summary>The curve of a plan: rises toward a plateau that is highest for a learning rate of 3e-3.</summary>
    /// <summary>The registry's share for a sweep alone on these nodes: all their slots, no queue.</summary>
    public static Hpo.Sweeps.Sharing.SlotShare Share(string sweepId, params (string Node, int Slots)[] nodes) =>
        new(sweepId, 1, nodes.Select(n => new Hpo.Sweeps.Sharing.NodeAllowance(n.Node, n.Slots, 0)).ToList());

    public static double Objective(TrialPlan plan, int epoch)
    {
        double lr = plan.Training.LearningRate;
        double plateau = 0.97 - 0.05 * Math.Pow(Math.Log10(lr / 3e-3), 2);
        return plateau * (1 - Math.Exp(-epoch / 2.0));
    }

    public const string TinySweep = """
        name: tiny
        seed: 3
        data: {dataset: iris, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 8}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 12}
        """;
}
