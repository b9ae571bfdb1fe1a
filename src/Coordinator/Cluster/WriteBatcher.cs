using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Cluster;

/// <summary>
/// A sweep's journal writes, one in flight at a time: what arrives while one is written is gathered into the next,
/// written as one row (a <see cref="SweepEventBatch"/>), so a busy sweep writes fewer, larger rows. The orders and
/// replies of a batch go (<paramref name="execute"/>) only once its events are written.
/// </summary>
/// <param name="persist">Writes a row, then calls back.</param>
/// <param name="written">A write of so many events took so long.</param>
internal sealed class WriteBatcher(Action<object, Action> persist, Action<WriteBatch> execute, Func<DateTimeOffset> now,
    Action<int, TimeSpan> written)
{
    private WriteBatch _next = new();
    private bool _writing;

    public WriteStatistics Statistics { get; } = new();

    /// <summary>Gathers events, the effects whose orders wait for them and a reply, then writes what is gathered if it can.</summary>
    public void Add(IEnumerable<object> events, SweepEffects effects, Action? after)
    {
        _next.Events.AddRange(events);
        _next.Effects.Add(effects);
        if (after is not null) _next.After.Add(after);
        Flush();
    }

    private void Flush()
    {
        if (_writing || _next.IsEmpty) return;
        var batch = _next;
        _next = new WriteBatch();
        if (batch.Events.Count == 0)
        {
            execute(batch); // nothing to write: its orders and replies go now
            return;
        }
        _writing = true;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Every row is a batch stamped with its time, so that a recovered sweep knows when its epochs happened.
        persist(new SweepEventBatch(batch.Events, now()), () =>
        {
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Statistics.Add(batch.Events.Count, took);
            written(batch.Events.Count, took);
            _writing = false;
            execute(batch);
            Flush();
        });
    }
}
