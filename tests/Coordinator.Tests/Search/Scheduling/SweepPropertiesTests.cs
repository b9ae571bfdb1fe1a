using CsCheck;
using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class SweepPropertiesTests
{
    /// <summary>Any valid options: every kind, eta 2..4, 1..32 epochs, budgets and stopping rules on or off.</summary>
    private static readonly Gen<SchedulerOptions> AnyOptions = Gen.Select(
        Gen.Enum<SchedulerKind>(), Gen.Int[2, 4], Gen.Int[1, 2], Gen.Int[0, 30], Gen.Int[1, 60], Gen.Int[0, 600], Gen.Int[0, 4], Gen.Int[0, 6],
        (kind, eta, min, extra, trials, epochBudget, patience, concurrent) => new SchedulerOptions
        {
            Kind = kind,
            ReductionFactor = eta,
            MinEpochs = min,
            MaxEpochs = min + extra,
            MaxTrials = trials,
            MaxTotalEpochs = epochBudget > 400 ? epochBudget - 400 : null,
            EarlyStopping = patience > 0 ? new TrialPatience(patience, 0.001) : null,
            MaxConcurrent = concurrent > 0 ? concurrent : null,
            Mode = (trials + extra) % 3 == 0 ? ObjectiveMode.Min : ObjectiveMode.Max,
            MedianMinSamples = 2,
        });

    private static readonly Gen<SchedulerOptions> AshaOptions = Gen.Select(
        Gen.Int[0, 1], Gen.Int[2, 4], Gen.Int[1, 40], Gen.Int[5, 120], Gen.Int[1, 3], Gen.Int[0, 3],
        (hb, eta, extra, trials, brackets, grace) => new SchedulerOptions
        {
            Kind = hb == 1 ? SchedulerKind.HyperbandAsync : SchedulerKind.Asha,
            ReductionFactor = eta,
            MinEpochs = 1,
            MaxEpochs = 1 + extra,
            MaxTrials = trials,
            Brackets = hb == 1 ? null : brackets,
            GracePeriod = Math.Min(grace, 1 + extra),
        });

    private static SweepSimulation Simulate(SchedulerOptions o, int slots, long seed) => new(o, slots, seed, recordEvents: true);

    [Fact]
    public void Asha_promotes_only_the_top_floor_n_over_eta_of_a_rung_and_once_no_trial_can_start_at_least_one()
    {
        int promotions = 0;
        Gen.Select(AshaOptions, Gen.Int[1, 16], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            sim.Run();
            var replica = new SweepState(o);
            foreach (var e in sim.Events)
            {
                if (e is TrialPromoted p)
                {
                    var trial = replica.Trial(p.Trial);
                    Assert.Equal((TrialStatus.Paused, p.FromRung), (trial.Status, trial.Rung));
                    var (rank, n) = RankInRung(replica, trial, p.FromRung);
                    if (rank >= n / o.ReductionFactor)
                    {
                        // The endgame: no new trial can start, and the rung has promoted fewer than max(1, floor(n/eta)).
                        int promoted = replica.AsyncRung(trial.Bracket ?? 0, p.FromRung).Promoted;
                        Assert.True(replica.NoMoreTrials && promoted < Math.Max(1, n / o.ReductionFactor),
                            $"trial {p.Trial} promoted from rung {p.FromRung} at rank {rank} of {n} ({promoted} promoted before, no more trials: {replica.NoMoreTrials})");
                    }
                    Interlocked.Increment(ref promotions);
                }
                replica.Apply(e);
            }
        }, iter: 60);
        Assert.True(promotions > 100, $"only {promotions} promotions were checked");
    }

    [Fact]
    public void Every_trial_ends_in_exactly_one_terminal_state() =>
        Gen.Select(AnyOptions, Gen.Int[1, 32], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            sim.Run();
            var ended = new Dictionary<int, SweepEvent>();
            foreach (var e in sim.Events)
            {
                int? trial = e switch
                {
                    TrialSampled s => s.Trial,
                    RungStarted r => r.Trial,
                    EpochReported r => r.Trial,
                    TrialPaused p => p.Trial,
                    TrialPromoted p => p.Trial,
                    _ => null,
                };
                if (trial is { } t)
                    Assert.False(ended.ContainsKey(t), $"{e} after trial {t} ended with {(ended.TryGetValue(t, out var end) ? end : null)}");
                if (e is TrialCompleted or TrialStopped or TrialFailed or TrialDiverged)
                {
                    int id = e switch { TrialCompleted c => c.Trial, TrialStopped s => s.Trial, TrialFailed f => f.Trial, TrialDiverged d => d.Trial, _ => -1 };
                    Assert.True(ended.TryAdd(id, e), $"trial {id} ended twice: {ended.GetValueOrDefault(id)} and {e}");
                }
            }
            Assert.Equal(sim.State.TrialCount, ended.Count);
            Assert.All(sim.State.Trials, t => Assert.True(t.IsTerminal, t.ToString()));
            Assert.IsType<SweepFinished>(sim.Events[^1]);
            Assert.Single(sim.Events.OfType<SweepFinished>());
        }, iter: 80);

    [Fact]
    public void No_slot_stays_idle_while_a_promotable_or_new_trial_exists()
    {
        int checks = 0;
        Gen.Select(AnyOptions, Gen.Int[1, 24], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            sim.AfterStep = s =>
            {
                var state = s.State;
                if (s.IsFinished || s.IdleSlots == 0 || state.Running >= (o.MaxConcurrent ?? int.MaxValue)
                    || state.EpochsLeft == 0 || state.IsTimeUp(s.Now))
                    return;
                Interlocked.Increment(ref checks);
                Assert.True(state.NoMoreTrials, $"{s.IdleSlots} idle slots while new trials may start");
                Assert.True(Promotable(state) is null, $"{o} slots {slots}: {Promotable(state)} promotable with {s.IdleSlots} idle slots, {state.Running} running");
            };
            sim.Run();
            Assert.True(sim.State.IsFinished);
        }, iter: 80);
        Assert.True(checks > 100, $"only {checks} steps had an idle slot to check");
    }

    [Fact]
    public void Rebuilding_the_state_from_its_events_yields_identical_decisions() =>
        Gen.Select(AnyOptions, Gen.Int[1, 12], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            var scheduler = TrialSchedulers.For(o.Kind);
            int step = 0;
            sim.AfterStep = s =>
            {
                if (step++ % 7 != 0 && !s.IsFinished)
                    return;
                var rebuilt = SweepState.Replay(o, s.Events);
                Assert.Equal(StateFingerprint.Of(s.State), StateFingerprint.Of(rebuilt));
                foreach (bool canStartNew in new[] { true, false })
                    Assert.Equal(scheduler.OnSlotFree(s.State, canStartNew), scheduler.OnSlotFree(rebuilt, canStartNew));
                foreach (var t in s.State.Trials.Where(t => t.Status == TrialStatus.Running && t.Epochs > 0 && float.IsFinite(t.Objectives[^1])))
                    Assert.Equal(scheduler.OnReport(s.State, t), scheduler.OnReport(rebuilt, rebuilt.Trial(t.Id)));
            };
            sim.Run();
        }, iter: 40);

    [Fact]
    public void Sweeps_terminate_for_any_number_of_slots() =>
        Gen.Select(AnyOptions, Gen.Int[1, 64], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            sim.Run(); // throws if the sweep stalls with nothing running
            Assert.True(sim.State.IsFinished);
            Assert.Equal(0, sim.State.Running);
            Assert.True(sim.State.TrialCount >= 1);
        }, iter: 100);

    [Fact]
    public void Every_promotion_continues_from_the_paused_epoch() =>
        Gen.Select(AnyOptions, Gen.Int[1, 16], Gen.Long).Sample((o, slots, seed) =>
        {
            var sim = Simulate(o, slots, seed);
            sim.Run();
            var events = sim.Events;
            for (int i = 0; i < events.Count; i++)
            {
                if (events[i] is not TrialPromoted p)
                    continue;
                var started = Assert.IsType<RungStarted>(events[i + 1]);
                int milestone = sim.State.PlanOf(sim.State.Trial(p.Trial)).Milestones[p.FromRung];
                Assert.Equal((p.Trial, milestone), (started.Trial, started.FromEpoch));
                Assert.True(started.FromEpoch > 0);
            }
        }, iter: 40);

    /// <summary>A trial's rank (0: best) among the results recorded at a rung, and their number, computed from the curves.</summary>
    internal static (int Rank, int N) RankInRung(SweepState state, TrialState trial, int rung)
    {
        int m = state.PlanOf(trial).Milestones[rung];
        float score = state.Score(trial.Objectives[m - 1]);
        int n = 0, better = 0;
        foreach (var other in state.Trials)
        {
            if (other.Bracket != trial.Bracket || other.Epochs < m || !float.IsFinite(other.Objectives[m - 1]))
                continue;
            n++;
            float s = state.Score(other.Objectives[m - 1]);
            if (s > score || (s == score && other.Id < trial.Id))
                better++;
        }
        return (better, n);
    }

    /// <summary>A trial the scheduler should promote now, found without the scheduler: brute force for ASHA, the bracket's own rule for synchronous kinds.</summary>
    internal static TrialState? Promotable(SweepState state)
    {
        switch (state.Plan.Kind)
        {
            case SchedulerKind.Asha or SchedulerKind.HyperbandAsync:
                return state.Trials.FirstOrDefault(t =>
                {
                    if (t.Status != TrialStatus.Paused)
                        return false;
                    var (rank, n) = RankInRung(state, t, t.Rung);
                    return rank < n / state.Options.ReductionFactor;
                });
            case SchedulerKind.SuccessiveHalving or SchedulerKind.Hyperband:
                foreach (var b in state.SyncBrackets)
                {
                    for (int r = 0; r < b.Plan.LastRung; r++)
                    {
                        if (b.CanPromoteFrom(r, state.NoMoreTrials))
                            return state.Trial(b.Rungs[r].BestWaiting!.Value.Trial);
                    }
                }
                return null;
            default:
                Assert.Equal(0, state.PausedCount);
                return null;
        }
    }
}
