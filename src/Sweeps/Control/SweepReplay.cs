using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Specs;

namespace Hpo.Sweeps.Control;

/// <summary>A sweep's decisions and view rebuilt from its journal (or new, from an empty one).</summary>
public static class SweepReplay
{
    /// <summary>
    /// The decider replayed (its sampler restored from the last <see cref="SamplerCheckpointed"/>, the draws after it made
    /// again) and the view folded from <paramref name="journal"/>, written at <paramref name="times"/> where known.
    /// </summary>
    public static (SweepController Controller, SweepView View) Of(SweepCreated created, SweepSpec spec, IReadOnlyList<object> journal,
        IReadOnlyList<DateTimeOffset?>? times, TimeSpan heartbeat, long firstDispatch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(journal);
        var saved = journal.OfType<SamplerCheckpointed>().LastOrDefault();
        var decider = SweepDecider.Replay(SweepSchedule.Options(spec), spec.CreateSampler(), journal.OfType<SweepEvent>(),
            saved is null ? null : new SamplerPosition(saved.Draws, saved.State));
        var view = new SweepView(created, spec);
        for (int i = 0; i < journal.Count; i++) view.Apply(journal[i], times?[i]);
        return (new SweepController(spec, decider, heartbeat, firstDispatch), view);
    }
}
