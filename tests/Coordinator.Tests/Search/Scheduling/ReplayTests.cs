using CsCheck;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class ReplayTests
{
    private static SchedulerOptions Options(SchedulerKind kind) => new()
    {
        Kind = kind,
        ReductionFactor = 3,
        MinEpochs = 1,
        MaxEpochs = 27,
        MaxTrials = 40,
        MedianMinSamples = 2,
        EarlyStopping = new TrialPatience(4, 0.0005),
    };

    public static TheoryData<SchedulerKind> Kinds => new(Enum.GetValues<SchedulerKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_seed_gives_the_same_decisions_with_one_slot(SchedulerKind kind)
    {
        var a = new SweepSimulation(Options(kind), slots: 1, seed: 11, recordEvents: true);
        var b = new SweepSimulation(Options(kind), slots: 1, seed: 11, recordEvents: true);
        a.Run();
        b.Run();
        Assert.Equal(a.Events, b.Events);
        Assert.True(a.Events.Count > 100);

        var other = new SweepSimulation(Options(kind), slots: 1, seed: 12, recordEvents: true);
        other.Run();
        Assert.NotEqual(a.Events, other.Events);
    }

    [Fact]
    public void Same_seed_gives_the_same_sampled_configurations_whatever_the_scheduler()
    {
        var configs = Enum.GetValues<SchedulerKind>().Select(kind =>
        {
            var sim = new SweepSimulation(Options(kind) with { MaxTrials = 20 }, slots: 4, seed: 5, recordEvents: true);
            sim.Run();
            return sim.Events.OfType<TrialSampled>().Select(s => s.Config).ToArray();
        }).ToArray();
        Assert.All(configs, c => Assert.Equal(configs[0], c));
        Assert.Equal(20, configs[0].Distinct().Count());
    }

    [Fact]
    public void A_decider_recovered_from_its_journal_at_any_point_continues_with_the_same_decisions() =>
        Gen.Select(Gen.Enum<SchedulerKind>(), Gen.Double[0, 1], Gen.Long[1, 1000], Gen.Bool).Sample((kind, cutAt, seed, timed) =>
        {
            var options = Options(kind) with { TimeBudget = timed ? TimeSpan.FromSeconds(300) : null };
            var original = new SweepDecider(options, new SurrogateSampler(seed));
            var calls = OneSlot.Run(original, seed, firstCall: 0);
            int cut = (int)(cutAt * (calls.Count - 1));
            var journal = calls.Take(cut).SelectMany(c => c).ToArray();
            int sampled = journal.OfType<TrialSampled>().Count();

            var recovered = SweepDecider.Recover(options, new SurrogateSampler(seed, skip: sampled), journal);
            Assert.Equal(StateFingerprint.Of(SweepState.Replay(options, journal)), StateFingerprint.Of(recovered.State));
            var rest = OneSlot.Run(recovered, seed, firstCall: cut);
            Assert.Equal(calls.Count - cut, rest.Count);
            for (int i = 0; i < rest.Count; i++)
                Assert.Equal(calls[cut + i], rest[i]);
            Assert.Equal(StateFingerprint.Of(original.State), StateFingerprint.Of(recovered.State));
        }, iter: 60);

    /// <summary>
    /// A one-slot worker whose position comes from the state alone (the running trial and its last epoch), so
    /// it can pick up a recovered decider. Call i happens at second i. Returns each call's events.
    /// </summary>
    private static class OneSlot
    {
        public static List<List<SweepEvent>> Run(SweepDecider decider, long seed, int firstCall)
        {
            var calls = new List<List<SweepEvent>>();
            int call = firstCall;
            while (!decider.State.IsFinished)
            {
                var now = SweepSimulation.Origin.AddSeconds(call++);
                var running = decider.State.Trials.FirstOrDefault(t => t.Status == TrialStatus.Running);
                if (running is null)
                {
                    calls.Add([.. decider.OnSlotFree(now).Events]);
                    continue;
                }
                var curve = SurrogateSpace.Curve(seed, running.Id, running.Config);
                int epoch = running.Epochs + 1;
                var outcome = curve.FailsAt == epoch
                    ? decider.OnFailure(running.Id, "failed", now)
                    : decider.OnReport(new TrialReport(running.Id, epoch, curve.Objective(epoch)), now);
                Assert.NotEqual(TrialAction.Ignored, outcome.Action);
                calls.Add([.. outcome.Events]);
            }
            return calls;
        }
    }
}
