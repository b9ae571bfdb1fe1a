using Hpo.Coordinator.Tests.Sweeps;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>
/// A sweep history as the coordinator makes it: the real decider and controller run an ASHA sweep on
/// <see cref="FakeCluster"/>'s instant workers (whose objective depends on the learning rate alone), and every
/// journal event is folded into a <see cref="SweepView"/> when it is recorded, as the API does.
/// </summary>
internal static class SimulatedSweep
{
    public const string Spec = """
        name: report
        seed: 5
        data: {dataset: iris}
        objective: val_accuracy
        model:
          units: {int: [4, 64]}
          activation: {choice: [relu, tanh, elu]}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 30}
        """;

    public static SweepHistory Run()
    {
        var spec = SweepSpecParser.Parse(Spec, "report.yaml");
        var decider = new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler());
        var controller = new SweepController(spec, decider, TimeSpan.FromSeconds(30));
        var cluster = new FakeCluster(controller) { Now = ReportHistories.T0 };
        var view = new SweepView(new SweepCreated("report", Spec, "report.yaml", null, ReportHistories.T0), spec);
        int folded = 0;
        void Fold()
        {
            for (; folded < cluster.Journal.Count; folded++) view.Apply(cluster.Journal[folded], cluster.Now);
        }
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        Fold();
        while (cluster.Step()) Fold();
        var state = controller.State;
        return new SweepHistory
        {
            Status = view.Status(state, slots: 2, busy: 0, leaderboard: 10),
            Trials = Enumerable.Range(0, state.TrialCount).Select(id => view.Trial(state, id)!).ToArray(),
            Parameters = spec.Space.Parameters.Select(ParameterAxis.Of).ToArray(),
        };
    }
}
