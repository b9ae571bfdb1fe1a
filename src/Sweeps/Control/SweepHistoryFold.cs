using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Specs;

namespace Hpo.Sweeps.Control;

/// <summary>
/// A sweep's <see cref="SweepHistory"/> from its journal, without running it: the state replayed from the events (no
/// sampler is rebuilt: nothing is drawn), the view folded with each event's time.
/// </summary>
public static class SweepHistoryFold
{
    /// <summary>The history of the sweep <paramref name="created"/> started, from the events after its creation.</summary>
    public static SweepHistory Build(SweepCreated created, IReadOnlyList<RecordedEvent> journal)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(journal);
        SweepSpec spec;
        SweepState state;
        try
        {
            spec = SweepSpecParser.Parse(created.SpecText, created.SourceName, created.BaseDirectory);
            state = SweepState.Replay(SweepSchedule.Options(spec), journal.Select(r => r.Event).OfType<SweepEvent>());
        }
        catch (Exception e)
        {
            return Broken(created.SweepId, created.SubmittedAt, $"the sweep's journal cannot be read back: {e.Message}");
        }
        var view = new SweepView(created, spec);
        foreach (var (e, at) in journal) view.Apply(e, at);
        var trials = Enumerable.Range(0, state.TrialCount).Select(t => view.Trial(state, t)!).ToArray();
        return new SweepHistory
        {
            Status = view.Status(state, slots: 0, busy: 0, leaderboard: state.TrialCount),
            Trials = trials,
            Parameters = spec.Space.Parameters.Select(ParameterAxis.Of).ToArray(),
        };
    }

    /// <summary>A sweep whose journal could not be read back.</summary>
    public static SweepHistory Broken(string sweepId, DateTimeOffset submittedAt, string error) => new()
    {
        Status = new SweepStatus { Id = sweepId, State = SweepRunState.Broken, Error = error, Metric = "", SubmittedAt = submittedAt },
        Trials = [],
        Parameters = [],
    };
}
