using Hpo.Coordinator.Tests.Cli;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

/// <summary>A coordinator restarted from its journal must go on sampling exactly as if it had never stopped, TPE included.</summary>
public class SamplerReplayTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    /// <summary>One slot, deterministic reports: the objective rises with the epoch towards a plateau set by the learning rate.</summary>
    private static List<SweepEvent> Drive(SweepDecider decider, int maxCalls = int.MaxValue)
    {
        var events = new List<SweepEvent>();
        for (int calls = 0; calls < maxCalls; calls++)
        {
            var slot = decider.OnSlotFree(Now);
            events.AddRange(slot.Events);
            if (slot.Dispatch is not { } d) break;
            double lr = d.Config["training.learning_rate"].Number;
            double plateau = 0.97 - 0.05 * Math.Pow(Math.Log10(lr / 3e-3), 2);
            for (int epoch = d.FromEpoch + 1; epoch <= d.ToEpoch; epoch++)
            {
                double objective = plateau * (1 - Math.Exp(-epoch / 2.0));
                var metrics = new EpochSummary((float)(1 - objective), (float)(1.1 - objective), 1000f);
                var outcome = decider.OnReport(new TrialReport(d.Trial, epoch, objective, metrics), Now);
                events.AddRange(outcome.Events);
                if (outcome.Action != TrialAction.Continue) break;
            }
        }
        return events;
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    [InlineData("sobol")]
    public void A_decider_replayed_from_its_journal_with_a_fresh_sampler_continues_identically(string sampler)
    {
        var text = File.ReadAllText(CliRun.RepositoryFile("examples/digits-sweep-small.yaml"))
            .Replace("sampler: tpe", $"sampler: {sampler}").Replace("max_trials: 12", "max_trials: 30");
        var spec = SweepSpecParser.Parse(text, "small.yaml");
        var options = SweepSchedule.Options(spec) with { TimeBudget = null };

        var whole = Drive(new SweepDecider(options, spec.CreateSampler()));
        Assert.Contains(whole, e => e is SweepFinished);
        Assert.Equal(30, whole.OfType<TrialSampled>().Count());

        var first = new SweepDecider(options, spec.CreateSampler());
        var journal = Drive(first, maxCalls: 17);
        var replayed = SweepDecider.Replay(options, spec.CreateSampler(), journal);
        var rest = Drive(replayed);
        Assert.Equal(whole, journal.Concat(rest));
    }

    /// <summary>Counts the draws a sampler is asked for.</summary>
    private sealed class Counting(IResumableSampler inner) : IResumableSampler
    {
        public int Calls { get; private set; }

        public TrialConfig? Next(IReadOnlyList<TrialResult> history)
        {
            Calls++;
            return inner.Next(history);
        }

        public ulong[] SaveState() => inner.SaveState();

        public void RestoreState(ReadOnlySpan<ulong> state) => inner.RestoreState(state);
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    public void A_saved_sampler_position_spares_the_draws_before_it_and_the_sweep_continues_identically(string sampler)
    {
        var text = File.ReadAllText(CliRun.RepositoryFile("examples/digits-sweep-small.yaml"))
            .Replace("sampler: tpe", $"sampler: {sampler}").Replace("max_trials: 12", "max_trials: 30");
        var spec = SweepSpecParser.Parse(text, "small.yaml");
        var options = SweepSchedule.Options(spec) with { TimeBudget = null };
        var whole = Drive(new SweepDecider(options, spec.CreateSampler()));

        var first = new SweepDecider(options, spec.CreateSampler());
        var journal = Drive(first, maxCalls: 12);
        var position = first.SamplerPosition()!;
        Assert.Equal(journal.Count(SweepDecider.IsDraw), position.Draws);
        journal.AddRange(Drive(first, maxCalls: 5)); // draws after the position was saved are replayed as usual

        var fresh = new Counting((IResumableSampler)spec.CreateSampler());
        var replayed = SweepDecider.Replay(options, fresh, journal, position);
        Assert.Equal(journal.Count(SweepDecider.IsDraw) - position.Draws, fresh.Calls);
        Assert.Equal(journal.Count(SweepDecider.IsDraw), replayed.Draws);
        Assert.Equal(whole, journal.Concat(Drive(replayed)));
    }

    [Fact]
    public void A_position_beyond_the_journal_is_not_used()
    {
        var spec = SweepSpecParser.Parse(File.ReadAllText(CliRun.RepositoryFile("examples/digits-sweep-small.yaml")), "small.yaml");
        var options = SweepSchedule.Options(spec) with { TimeBudget = null };
        var first = new SweepDecider(options, spec.CreateSampler());
        var journal = Drive(first, maxCalls: 3);
        var ahead = new SamplerPosition(journal.Count(SweepDecider.IsDraw) + 5, first.SamplerPosition()!.State);

        var fresh = new Counting((IResumableSampler)spec.CreateSampler());
        SweepDecider.Replay(options, fresh, journal, ahead);
        Assert.Equal(journal.Count(SweepDecider.IsDraw), fresh.Calls);
    }
}
