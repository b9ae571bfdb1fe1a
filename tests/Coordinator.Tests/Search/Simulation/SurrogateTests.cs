using Hpo.Benchmarks;
using Hpo.Engine.Options;
using Hpo.Engine.Simulation;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Simulation;

namespace Hpo.Coordinator.Tests.Search.Simulation;

public class SurrogateTests
{
    private static SurrogateCurve Curve(long seed, int trial) => SurrogateSpace.Curve(seed, trial, SurrogateSpace.Config(seed, trial));

    [Fact]
    public void A_population_holds_every_family_with_standard_curves_the_most_common()
    {
        var families = Enumerable.Range(0, 2000).Select(t => Curve(3, t).Family).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enum.GetValues<CurveFamily>().Length, families.Count);
        Assert.Equal(CurveFamily.Standard, families.MaxBy(kv => kv.Value).Key);
        Assert.InRange(families[CurveFamily.LateBloomer], 100, 300);
    }

    [Fact]
    public void Curves_are_functions_of_seed_trial_and_epoch()
    {
        var a = Curve(9, 17);
        var b = Curve(9, 17);
        Assert.Equal(Enumerable.Range(1, 30).Select(a.Objective), Enumerable.Range(1, 30).Select(b.Objective));
        Assert.NotEqual(Enumerable.Range(1, 30).Select(a.Objective), Enumerable.Range(1, 30).Select(Curve(10, 17).Objective));
    }

    [Fact]
    public void Families_have_their_shapes()
    {
        var curves = Enumerable.Range(0, 3000).Select(t => Curve(1, t)).ToArray();
        var diverger = curves.First(c => c.Family == CurveFamily.Diverger);
        Assert.True(double.IsNaN(diverger.Objective(diverger.DivergesAt)));
        Assert.True(diverger.DivergesAt == 1 || double.IsFinite(diverger.Objective(diverger.DivergesAt - 1)));

        // Fast starters lead at epoch 1 and trail by the end; late bloomers the other way round.
        double Mean(CurveFamily f, int epoch) => curves.Where(c => c.Family == f).Average(c => c.Mean(epoch));
        Assert.True(Mean(CurveFamily.FastStarter, 1) > Mean(CurveFamily.Standard, 1));
        Assert.True(Mean(CurveFamily.FastStarter, 81) < Mean(CurveFamily.Standard, 81));
        Assert.True(Mean(CurveFamily.LateBloomer, 3) < Mean(CurveFamily.Standard, 3));
        Assert.True(Mean(CurveFamily.LateBloomer, 81) > Mean(CurveFamily.Standard, 81));

        var noisy = curves.Where(c => c.Family == CurveFamily.Noisy).ToArray();
        double Jitter(SurrogateCurve c) => Enumerable.Range(60, 20).Average(e => Math.Abs(c.Objective(e) - c.Mean(e)));
        Assert.True(noisy.Average(Jitter) > 2 * curves.Where(c => c.Family == CurveFamily.Standard).Average(Jitter));
    }

    [Fact]
    public void The_plateau_depends_on_the_configuration()
    {
        // Learning rates far from the batch size's best give lower plateaus.
        var curves = Enumerable.Range(0, 2000).Select(t => (Config: SurrogateSpace.Config(4, t), Curve: Curve(4, t)))
            .Where(x => x.Curve.Family == CurveFamily.Standard).ToArray();
        double Distance(Hpo.Sweeps.Search.TrialConfig c) =>
            Math.Abs(Math.Log10(c[SurrogateSpace.LearningRate].Number / (3e-3 * Math.Sqrt(c[SurrogateSpace.BatchSize].AsInt / 32.0))));
        var near = curves.Where(x => Distance(x.Config) < 0.3).Average(x => x.Curve.Plateau);
        var far = curves.Where(x => Distance(x.Config) > 1.0).Average(x => x.Curve.Plateau);
        Assert.True(near > far + 0.03, $"near {near}, far {far}");
    }

    [Fact]
    public void A_simulation_counts_reports_epochs_and_slot_use()
    {
        var r = SimulationRunner.Run(new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 10 }, trials: 50, slots: 5, seed: 8);
        Assert.Equal("fifo", r.Scheduler);
        Assert.Equal(50, r.TrialsFinished);
        Assert.True(r.Reports >= r.EpochsUsed); // failures end a trial without a report
        Assert.InRange(r.SlotUtilisation, 0.5, 1.0);
        Assert.True(r.VirtualSeconds > 0);
        Assert.NotNull(r.BestTrial);
    }

    [Fact]
    public void Minimised_objective_is_the_error_rate()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 5, MaxTrials = 20 };
        var max = new SweepSimulation(o, 2, seed: 6);
        var min = new SweepSimulation(o with { Mode = ObjectiveMode.Min }, 2, seed: 6);
        max.Run();
        min.Run();
        Assert.Equal(max.State.BestTrial, min.State.BestTrial);
        Assert.Equal(1 - max.State.BestObjective!.Value, min.State.BestObjective!.Value, 5);
    }

    [Fact]
    public void Time_budget_in_virtual_time_ends_the_simulation_through_the_timer()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 81, TimeBudget = TimeSpan.FromSeconds(40) };
        var sim = new SweepSimulation(o, 4, seed: 2);
        sim.Run();
        Assert.Equal(Hpo.Sweeps.Search.State.FinishReason.TimeBudget, sim.State.FinishReason);
        Assert.Equal(40, sim.VirtualSeconds, 6); // the timer fired at the deadline and stopped everything
        Assert.NotNull(sim.State.BestTrial);
    }

    [Fact]
    public void Benchmark_prints_its_figures()
    {
        var output = new StringWriter();
        var r = SearchBenchmark.Run(output, trials: 3000, slots: 100);
        string line = output.ToString().Trim();
        foreach (var key in new[] { "reports_per_second=", "bytes_per_trial=", "trials=3000 ", "epochs=" })
            Assert.Contains(key, line);
        Assert.Equal(3000, r.TrialsFinished);
    }
}
