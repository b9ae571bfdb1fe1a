using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.State;

/// <summary>The sweep's winner is the best of the trials trained to the highest budget any trial reached.</summary>
public class IncumbentTests
{
    private static readonly SchedulerOptions Asha = new() { Kind = SchedulerKind.Asha, ReductionFactor = 3, MaxEpochs = 9, MaxTrials = 9 };

    [Fact]
    public void A_trial_stopped_at_a_low_rung_never_wins_over_one_trained_further_even_with_a_better_objective()
    {
        // Trial 0 peaks early (0.95 at epoch 1) and is promoted; the others are judged worse at rung 1 and wait there.
        // Later epochs of trial 0 are worse than 0.95 but it is the only one trained to 9 epochs: it wins.
        var decider = new SweepDecider(Asha, new CountingSampler());
        Drive.Sequential(decider, (t, e) => t == 0 ? (e == 1 ? 0.95 : 0.9) : 0.5 + t / 100.0);
        var state = decider.State;
        Assert.Equal(9, state.BestBudget);
        var winner = state.Trial(state.BestTrial!.Value);
        Assert.Equal(9, winner.Epochs);
        Assert.All(state.Leaderboard.Skip(1), k => Assert.True(k.Budget <= state.BestBudget));
        // Every trial that trained to the top budget ranks ahead of every trial that did not.
        var budgets = state.Leaderboard.Select(k => k.Budget).ToArray();
        Assert.Equal(budgets.OrderByDescending(b => b), budgets);
    }

    [Fact]
    public void Among_trials_of_the_top_budget_the_better_objective_wins()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 3, MaxTrials = 3 };
        double[] final = [0.6, 0.8, 0.7];
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => final[t]);
        Assert.Equal([1, 2, 0], decider.State.Leaderboard.Select(k => k.Trial));
        Assert.Equal((3, 0.8), (decider.State.BestBudget, Math.Round(decider.State.BestObjective!.Value, 6)));
    }

    [Fact]
    public void A_trial_ended_by_early_stopping_stands_with_the_trials_of_the_budget_it_was_training_towards()
    {
        // Trial 0 stops improving after epoch 2 (patience 2): it stops at epoch 4 of 9, yet it was not judged worse
        // by a rule, and it is the best: it wins over trial 1, which trained all 9 epochs to a worse objective.
        var o = new SchedulerOptions
        {
            Kind = SchedulerKind.Fifo, MaxEpochs = 9, MaxTrials = 2, EarlyStopping = new TrialPatience(2, 0), Scope = ObjectiveScope.Best,
        };
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => t == 0 ? (e <= 2 ? 0.5 + e / 10.0 : 0.6) : 0.3 + e / 100.0);
        var state = decider.State;
        Assert.Equal((TrialStatus.Stopped, StopReason.EarlyStopping, 4), (state.Trial(0).Status, state.Trial(0).StopReason, state.Trial(0).Epochs));
        Assert.Equal(0, state.BestTrial);
        Assert.Equal(9, state.BestBudget);
        Assert.Equal(2, state.Trial(0).CheckpointEpoch);
    }

    [Fact]
    public void A_trial_stopped_by_median_stopping_ranks_below_those_that_trained_on()
    {
        var o = new SchedulerOptions
        {
            Kind = SchedulerKind.Median, MaxEpochs = 6, MaxTrials = 5, MedianGracePeriod = 1, MedianMinSamples = 3,
        };
        var decider = new SweepDecider(o, new CountingSampler());
        // The others start high and decline to 0.15 at epoch 6; trial 4 holds 0.4, below the median of their running
        // averages, and is stopped early, with a last objective better than any of theirs.
        Drive.Sequential(decider, (t, e) => t == 4 ? 0.4 : 0.9 - 0.15 * (e - 1) - t / 1000.0);
        var state = decider.State;
        Assert.Equal((TrialStatus.Stopped, StopReason.Median), (state.Trial(4).Status, state.Trial(4).StopReason));
        Assert.True(state.Trial(4).CheckpointScore > state.Trial(0).CheckpointScore);
        Assert.Equal(0, state.BestTrial);
        Assert.Equal(4, state.Leaderboard.Last().Trial);
    }

    [Fact]
    public void The_best_objective_at_a_budget_never_gets_worse_and_the_budget_never_goes_down()
    {
        // Many simulated sweeps, read after every event: the (budget, best) pair only moves forwards.
        foreach (var kind in new[] { SchedulerKind.Asha, SchedulerKind.Hyperband, SchedulerKind.HyperbandAsync, SchedulerKind.Median, SchedulerKind.Fifo })
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                var options = new SchedulerOptions { Kind = kind, MaxEpochs = 27, MaxTrials = 40 };
                var sim = new SweepSimulation(options, slots: 4, seed: seed, recordEvents: true);
                sim.Run();
                var state = new SweepState(options);
                int budget = 0;
                double best = double.NegativeInfinity;
                foreach (var e in sim.Events)
                {
                    state.Apply(e);
                    if (state.BestBudget is not int b) continue;
                    Assert.True(b >= budget, $"{kind} seed {seed}: the budget went down from {budget} to {b}");
                    if (b > budget) (budget, best) = (b, double.NegativeInfinity);
                    Assert.True(state.BestObjective >= best, $"{kind} seed {seed}: the best at {b} epochs fell from {best} to {state.BestObjective}");
                    best = state.BestObjective!.Value;
                }
            }
        }
    }
}
